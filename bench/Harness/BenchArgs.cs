using System.Globalization;

namespace OrderGrains.Bench.Harness;

/// <summary>Bad command-line arguments (exit code 2).</summary>
public sealed class BenchArgumentException(string message) : Exception(message);

/// <summary>
/// Command line: a scenario name followed by <c>--name value</c> options. Scenarios read the options they know;
/// <see cref="ThrowIfUnused"/> then rejects the rest.
/// </summary>
public sealed class BenchArgs
{
    public const string Usage =
        """
        usage: dotnet run -c Release --project bench -- <scenario> [options]
          local-calls  [--seconds 10] [--warmup 2] [--grains 1000] [--callers 200]
          persist      [--seconds 5] [--warmup 1] [--writers 500] [--grains 1000] [--db sqlite|postgres|both]
          activations  [--count 1000000] [--concurrency 2000]
          orders       [--seconds 10] [--warmup 2] [--concurrency 256] [--mode uniform|hot|both] [--baseline-concurrency N] [--baseline-backlog on|off]
          reroute      [--db sqlite|postgres] [--orders 10000] [--concurrency 256] [--timeout 300]
          remote-calls [--seconds 10] [--warmup 2] [--grains 1000] [--callers 200]   (starts a second process: the far silo)
          dashboard-overhead [--rounds 5] [--seconds 3] [--warmup 1] [--grains 1000] [--callers 200] [--mode concurrent|alternate] [--watching off|on]
          http-orders  [--seconds 10] [--warmup 2] [--concurrency 128] [--db postgres|sqlite] [--skus 1000]
          order-search [--rows 100000] [--queries 2000] [--db sqlite|postgres]
          failover     [--seconds 5] [--grains 300] [--workers 32] [--partitions 256] [--lease 3] [--renew 0.75]
          promise      [--warm 500000] [--cold 3000]
          promise-eval --csv FILE --columns purchase=..,delivered=..,origin=..,destination=..[,estimated=..,carrier=..] --train-until DATE [--cutoff 16:00] [--utc-offset 8]
          promise-eval --synthetic N [--seed 7] [--train-until DATE]
          rules        [--seconds 5] [--orders 10000]
          sandbox      [--orders 200000] [--runs 3]
        """;

    private readonly Dictionary<string, string> _options;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private BenchArgs(string scenario, Dictionary<string, string> options)
    {
        Scenario = scenario;
        _options = options;
    }

    public string Scenario { get; }

    public static BenchArgs Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new BenchArgumentException("Missing scenario name.");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length == 2)
            {
                throw new BenchArgumentException($"Expected an option (--name value), got '{name}'.");
            }

            if (i + 1 >= args.Count)
            {
                throw new BenchArgumentException($"Option '{name}' needs a value.");
            }

            if (!options.TryAdd(name[2..], args[++i]))
            {
                throw new BenchArgumentException($"Option '{name}' is given twice.");
            }
        }

        return new BenchArgs(args[0], options);
    }

    public int GetInt(string name, int defaultValue, int min = 1, int max = int.MaxValue)
    {
        if (!TryGet(name, out var text))
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new BenchArgumentException($"--{name} must be an integer in [{min}, {max}], got '{text}'.");
        }

        return value;
    }

    public double GetDouble(string name, double defaultValue, double min = 0, double max = double.MaxValue)
    {
        if (!TryGet(name, out var text))
        {
            return defaultValue;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < min || value > max)
        {
            throw new BenchArgumentException($"--{name} must be a number in [{min}, {max}], got '{text}'.");
        }

        return value;
    }

    /// <summary>A free-text option (a path, a mapping); null when absent.</summary>
    public string? GetString(string name) => TryGet(name, out var text) ? text : null;

    public string GetChoice(string name, string defaultValue, params string[] choices)
    {
        if (!TryGet(name, out var text))
        {
            return defaultValue;
        }

        return choices.Contains(text, StringComparer.Ordinal)
            ? text
            : throw new BenchArgumentException($"--{name} must be one of {string.Join(", ", choices)}, got '{text}'.");
    }

    /// <summary>Rejects options no scenario read.</summary>
    public void ThrowIfUnused()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).Select(k => "--" + k).ToList();
        if (unknown.Count > 0)
        {
            throw new BenchArgumentException($"Unknown option(s) for scenario '{Scenario}': {string.Join(", ", unknown)}.");
        }
    }

    private bool TryGet(string name, out string value)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out value!);
    }
}
