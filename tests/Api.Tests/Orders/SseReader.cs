using System.Text;

namespace OrderGrains.Api.Tests.Orders;

/// <summary>One Server-Sent Events block: an event (id, type, data) or a comment.</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment)
{
    public bool IsComment => Comment is not null && Event is null && Data is null;
}

/// <summary>Reads Server-Sent Events blocks from a response stream, as an EventSource would.</summary>
public sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, Encoding.UTF8);

    /// <summary>The next block; fails when the stream ends.</summary>
    public async Task<SseMessage> ReadAsync(CancellationToken cancellationToken)
    {
        string? id = null, type = null, data = null, comment = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("The event stream ended.");
            if (line.Length == 0)
            {
                if (id is null && type is null && data is null && comment is null)
                {
                    continue;
                }

                return new SseMessage(id, type, data, comment);
            }

            if (line[0] == ':')
            {
                comment = line[1..].Trim();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "id":
                    id = value;
                    break;
                case "event":
                    type = value;
                    break;
                case "data":
                    data = data is null ? value : data + "\n" + value;
                    break;
            }
        }
    }

    /// <summary>The next event, skipping comments.</summary>
    public async Task<SseMessage> ReadEventAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await ReadAsync(cancellationToken);
            if (!message.IsComment)
            {
                return message;
            }
        }
    }

    public void Dispose() => _reader.Dispose();
}
