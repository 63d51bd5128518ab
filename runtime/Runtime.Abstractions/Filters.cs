using OrderGrains.Runtime.Invocation;

namespace OrderGrains.Runtime;

/// <summary>A call arriving at a grain, as seen by an <see cref="IIncomingGrainCallFilter"/>.</summary>
public interface IIncomingGrainCallContext
{
    /// <summary>The activation receiving the call.</summary>
    IGrainContext TargetContext { get; }

    /// <summary>The request (interface, method, arguments, result).</summary>
    GrainRequest Request { get; }

    /// <summary>Runs the next filter, or the grain method after the last one.</summary>
    Task Invoke();
}

/// <summary>Runs around every call a grain receives (metrics, logging, authorization).</summary>
public interface IIncomingGrainCallFilter
{
    /// <summary>Handles the call; must call <see cref="IIncomingGrainCallContext.Invoke"/> to let it proceed.</summary>
    Task Invoke(IIncomingGrainCallContext context);
}

/// <summary>A call leaving a caller, as seen by an <see cref="IOutgoingGrainCallFilter"/>.</summary>
public interface IOutgoingGrainCallContext
{
    /// <summary>The calling activation, or null for calls from outside grains.</summary>
    IGrainContext? SourceContext { get; }

    /// <summary>The request (target, interface, method, arguments, result).</summary>
    GrainRequest Request { get; }

    /// <summary>Runs the next filter, or sends the call and awaits its outcome after the last one.</summary>
    Task Invoke();
}

/// <summary>Runs around every call sent through the runtime.</summary>
public interface IOutgoingGrainCallFilter
{
    /// <summary>Handles the call; must call <see cref="IOutgoingGrainCallContext.Invoke"/> to let it proceed.</summary>
    Task Invoke(IOutgoingGrainCallContext context);
}
