using System.Text.Json;
using OrderGrains.Runtime.Diagnostics;

namespace OrderGrains.Dashboard.Cluster;

/// <summary>A stored state of a grain as the dashboard shows it.</summary>
/// <param name="Name">The state's name.</param>
/// <param name="Storage">Its storage (null: the default).</param>
/// <param name="State">The stored JSON (personal data masked by the serving dashboard), null when nothing is stored.</param>
/// <param name="Entries">The first of its keyed entries, by key (masked the same way).</param>
/// <param name="EntryCount">How many entries it has in all.</param>
public sealed record GrainStateReport(string Name, string? Storage, JsonElement? State, IReadOnlyDictionary<string, JsonElement> Entries, int EntryCount);

/// <summary>A grain as the silo owning its partition sees it.</summary>
/// <param name="Silo">The silo that answered (the owner of the grain's partition).</param>
/// <param name="KnownType">False when no silo grain class has this grain type.</param>
/// <param name="Activation">Its activation there, null when it is not active.</param>
/// <param name="States">Its stored states.</param>
public sealed record GrainReport(string Silo, bool KnownType, ActivationInfo? Activation, IReadOnlyList<GrainStateReport> States);

/// <summary>A reminder as listed by the dashboard.</summary>
public sealed record ReminderReport(string GrainId, string Name, DateTimeOffset StartAt, double PeriodSeconds);

/// <summary>Reminders of the cluster's storage, and whether the list was cut.</summary>
public sealed record RemindersReport(IReadOnlyList<ReminderReport> Reminders, bool Truncated);
