using Microsoft.Extensions.Configuration;

namespace OrderGrains.ClientApi.Channels;

/// <summary>
/// The configured channels (<c>OrderGrains:Api:Channels:{channelId}</c>), compiled and checked at start: a typo in a
/// setting name, a missing required path or a malformed path stops start-up with the setting's full name.
/// Channel ids match ignoring case, as configuration keys do.
/// </summary>
internal sealed class ChannelRegistry
{
    public const string Section = "OrderGrains:Api:Channels";

    private readonly Dictionary<string, ChannelMapping> _channels;

    private ChannelRegistry(Dictionary<string, ChannelMapping> channels) => _channels = channels;

    public IEnumerable<ChannelMapping> All => _channels.Values.OrderBy(c => c.ChannelId, StringComparer.Ordinal);

    public static ChannelRegistry Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var channels = new Dictionary<string, ChannelMapping>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetSection(Section).GetChildren())
        {
            var id = section.Key;
            if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                throw new InvalidOperationException($"{Section}:{id}: a channel id is 1-64 letters, digits, '-', '_' or '.'.");
            }

            ChannelMappingOptions options;
            try
            {
                options = section.Get<ChannelMappingOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new ChannelMappingOptions();
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"{Section}:{id}: the mapping has an unknown or invalid setting: {e.Message}", e);
            }

            channels[id] = ChannelMapping.Compile(id, options);
        }

        return new ChannelRegistry(channels);
    }

    public ChannelMapping? Find(string channelId) => _channels.GetValueOrDefault(channelId);
}
