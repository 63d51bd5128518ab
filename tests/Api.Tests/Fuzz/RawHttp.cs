using System.Net.Sockets;
using System.Text;

namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>
/// Sends bytes that HttpClient refuses to produce (CR/LF or raw non-ASCII in headers, bad UTF-8 in the request line,
/// lying Content-Length, broken chunking) straight over TCP, and reads the status line of the answer, if any.
/// </summary>
public static class RawHttp
{
    /// <summary>The response's status code, or null when the server closed the connection without answering.</summary>
    public static async Task<(int? Status, string Head)> SendAsync(Uri server, byte[] request, bool halfClose, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, cancel.Token);
        if (halfClose)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        var buffer = new byte[16 * 1024];
        var received = new MemoryStream();
        try
        {
            while (received.Length < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer, cancel.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
                if (Encoding.ASCII.GetString(received.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // A reset after a protocol error: no answer to report.
        }

        var head = Encoding.ASCII.GetString(received.ToArray());
        var parts = head.Split(' ', 3);
        return parts.Length >= 2 && head.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(parts[1], out var status)
            ? (status, head.Split("\r\n\r\n")[0])
            : (null, head);
    }
}
