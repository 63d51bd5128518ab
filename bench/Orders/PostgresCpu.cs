namespace OrderGrains.Bench.Orders;

/// <summary>
/// CPU time used so far by every process named <c>postgres</c> on this machine (Linux <c>/proc</c>; 0 elsewhere), so
/// the bench can say how much of the database server's CPU an order costs. Backends that exit between two readings
/// drop out, which is why the benches keep their pools open across a measured window.
/// </summary>
public static class PostgresCpu
{
    public static double ReadMillis()
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var open = stat.IndexOf('(');
                if (open < 0 || close < 0 || stat[(open + 1)..close] != "postgres")
                {
                    continue;
                }

                // Fields after the command: state is field 3, utime and stime are fields 14 and 15.
                var fields = stat[(close + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException)
            {
                // The process exited while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        // USER_HZ is 100 on every Linux the bench runs on.
        return ticks * 10.0;
    }
}
