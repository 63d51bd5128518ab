namespace OrderGrains.Runtime.Invocation;

/// <summary>The result type of requests for methods that return <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
public readonly record struct VoidResult
{
    /// <summary>Adapts a void-returning grain method's task; completes synchronously when the task already has.</summary>
    public static ValueTask<VoidResult> From(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompletedSuccessfully)
        {
            return default;
        }

        return Await(task);

        static async ValueTask<VoidResult> Await(Task task)
        {
            await task.ConfigureAwait(false);
            return default;
        }
    }

    /// <summary>Adapts a void-returning grain method's value task.</summary>
    public static ValueTask<VoidResult> From(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return default;
        }

        return Await(task);

        static async ValueTask<VoidResult> Await(ValueTask task)
        {
            await task.ConfigureAwait(false);
            return default;
        }
    }
}
