using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OrderGrains.Grains.Rules;

/// <summary>Business rules on a silo: the per-silo compiled rule set cache and the rules metrics.</summary>
public static class RulesSiloExtensions
{
    public static IServiceCollection AddRules(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(static sp => new RulesMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<RuleSetCache>();
        return services;
    }
}
