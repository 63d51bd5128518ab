namespace OrderGrains.Runtime.Storage.AdoNet;

/// <summary>Names of the queries in each dialect's <c>queries.sql</c>.</summary>
internal static class QueryNames
{
    public const string CreateSchemaVersionTable = nameof(CreateSchemaVersionTable);
    public const string LockSchema = nameof(LockSchema);
    public const string GetSchemaVersions = nameof(GetSchemaVersions);
    public const string InsertSchemaVersion = nameof(InsertSchemaVersion);
    public const string ReadState = nameof(ReadState);
    public const string InsertState = nameof(InsertState);
    public const string UpdateState = nameof(UpdateState);
    public const string ClearState = nameof(ClearState);
    public const string CheckStateAbsent = nameof(CheckStateAbsent);
    public const string AdvanceStreamHead = nameof(AdvanceStreamHead);
    public const string InsertEvent = nameof(InsertEvent);
    public const string InsertSubscription = nameof(InsertSubscription);
    public const string UpsertSubscriptionRewind = nameof(UpsertSubscriptionRewind);
    public const string GetSubscriptions = nameof(GetSubscriptions);
    public const string DeleteSubscription = nameof(DeleteSubscription);
    public const string GetBacklog = nameof(GetBacklog);
    public const string ReadStream = nameof(ReadStream);
    public const string GetStreamHead = nameof(GetStreamHead);
    public const string AdvanceCheckpoint = nameof(AdvanceCheckpoint);
    public const string UpsertDeadLetter = nameof(UpsertDeadLetter);
    public const string GetDeadLetters = nameof(GetDeadLetters);
    public const string UpsertReminder = nameof(UpsertReminder);
    public const string DeleteReminder = nameof(DeleteReminder);
    public const string GetReminders = nameof(GetReminders);
    public const string GetAllReminders = nameof(GetAllReminders);
    public const string GetDbTimeMs = nameof(GetDbTimeMs);
    public const string RegisterSilo = nameof(RegisterSilo);
    public const string SetSiloStatus = nameof(SetSiloStatus);
    public const string HeartbeatSilo = nameof(HeartbeatSilo);
    public const string ReadSilos = nameof(ReadSilos);
    public const string DeclareSiloDead = nameof(DeclareSiloDead);
    public const string DeleteDeadSilos = nameof(DeleteDeadSilos);
    public const string EnsurePartitions = nameof(EnsurePartitions);
    public const string CountPartitions = nameof(CountPartitions);
    public const string ReadLeases = nameof(ReadLeases);
    public const string RenewLeases = nameof(RenewLeases);
    public const string AcquireLease = nameof(AcquireLease);
    public const string ReleaseLease = nameof(ReleaseLease);
    public const string CheckFence = nameof(CheckFence);
    public const string ReadEntries = nameof(ReadEntries);
    public const string UpsertEntry = nameof(UpsertEntry);
    public const string DeleteEntry = nameof(DeleteEntry);
    public const string ClearEntries = nameof(ClearEntries);
    public const string UpdateStates = nameof(UpdateStates);
    public const string InsertStates = nameof(InsertStates);
    public const string InsertEvents = nameof(InsertEvents);
    public const string AdvanceStreamHeads = nameof(AdvanceStreamHeads);
    public const string InsertSubscriptions = nameof(InsertSubscriptions);
    public const string AdvanceCheckpoints = nameof(AdvanceCheckpoints);
    public const string UpsertEntries = nameof(UpsertEntries);
    public const string DeleteEntries = nameof(DeleteEntries);
    public const string ReadStates = nameof(ReadStates);
    public const string ReadEntriesOfStates = nameof(ReadEntriesOfStates);
}
