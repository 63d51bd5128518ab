using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrderGrains.ClientApi.Apis;

/// <summary>Registers <see cref="TimelineStreamOptions"/>.</summary>
public static class TimelineStreamRegistration
{
    /// <summary>Binds and validates the live timeline options.</summary>
    public static IHostApplicationBuilder AddTimelineStreams(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(TimelineStreamOptions.Section);
        (section.Get<TimelineStreamOptions>() ?? new TimelineStreamOptions()).Validate();
        builder.Services.Configure<TimelineStreamOptions>(section);
        return builder;
    }
}
