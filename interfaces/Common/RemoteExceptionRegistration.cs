using System.Runtime.CompilerServices;

namespace OrderGrains.Interfaces;

/// <summary>Lets a <see cref="DomainException"/> thrown in another silo reach callers as itself, code included.</summary>
internal static class RemoteExceptionRegistration
{
#pragma warning disable CA2255 // Runs when the contracts load, in silos and clients alike, before any call can fail.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() =>
        RemoteExceptions.Register((message, code) => new DomainException(code ?? "domain.error", message));
}
