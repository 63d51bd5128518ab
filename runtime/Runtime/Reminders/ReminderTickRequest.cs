using OrderGrains.Runtime.Invocation;
using OrderGrains.Runtime.Messaging;

namespace OrderGrains.Runtime.Reminders;

/// <summary>One reminder tick delivered to its grain as a request.</summary>
internal sealed class ReminderTickRequest(string reminderName, TickStatus status) : GrainRequest<VoidResult>, IBackgroundRequest
{
    public override Type InterfaceType => typeof(IRemindable);

    public override string MethodName => nameof(IRemindable.ReceiveReminder);

    public override int ArgumentCount => 2;

    public bool KeepsAlive => true;

    public override object? GetArgument(int index) => index switch
    {
        0 => reminderName,
        1 => status,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    protected override ValueTask<VoidResult> InvokeAsync(object grain) =>
        VoidResult.From(((IRemindable)grain).ReceiveReminder(reminderName, status));
}
