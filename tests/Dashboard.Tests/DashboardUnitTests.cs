using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrderGrains.Dashboard.Calls;
using OrderGrains.Dashboard.Cluster;
using OrderGrains.Dashboard.Http;
using OrderGrains.Dashboard.Logs;
using OrderGrains.Runtime.Testing;

namespace OrderGrains.Dashboard.Tests;

/// <summary>The dashboard's parts without a cluster: watching, statistics, CPU arithmetic, masking, logs, options.</summary>
public sealed class DashboardUnitTests
{
    [Fact]
    public void Call_filter_is_inactive_until_someone_watches_and_again_after_the_window()
    {
        var time = new FakeTimeProvider();
        using var watch = new DashboardWatch(time, TimeSpan.FromSeconds(10));
        var filter = new DashboardCallFilter(watch, new CallStatsTable());
        Assert.False(filter.IsActive);

        watch.ViewerActive();
        Assert.True(filter.IsActive);
        Assert.True(watch.HasViewers);

        time.Advance(TimeSpan.FromSeconds(11));
        watch.Expire();
        Assert.False(filter.IsActive);
        Assert.False(watch.HasViewers);
    }

    [Fact]
    public void Remote_dashboard_keeps_statistics_on_without_making_this_silo_collect_snapshots()
    {
        var time = new FakeTimeProvider();
        using var watch = new DashboardWatch(time, TimeSpan.FromSeconds(10));

        watch.QueriedRemotely();
        Assert.True(watch.IsCollecting);
        Assert.False(watch.HasViewers);

        time.Advance(TimeSpan.FromSeconds(10));
        watch.Expire();
        Assert.False(watch.IsCollecting);
    }

    [Fact]
    public void Method_windows_give_rates_and_p99_and_start_again_at_zero()
    {
        var table = new CallStatsTable();
        var stats = table.For("order", "IOrderGrain.Place");
        for (var i = 0; i < 99; i++)
        {
            stats.Record(Stopwatch.Frequency / 1000, failed: false); // 1 ms
        }

        stats.Record(Stopwatch.Frequency / 10, failed: true); // 100 ms

        var (methods, _) = table.Drain();
        var window = Assert.Single(methods);
        Assert.Equal((100L, 1L), (window.Calls, window.Exceptions));
        Assert.InRange(window.TotalMs / window.Calls, 1.9, 2.1);
        Assert.InRange(LatencyBuckets.Percentile(window.Buckets, 0.99), 1.0, 1.2);
        Assert.InRange(LatencyBuckets.Percentile(window.Buckets, 1.0), 100, 120);
        Assert.Empty(table.Drain().Methods);
    }

    [Theory]
    [InlineData(2000, 1000, 4, 50)]
    [InlineData(500, 1000, 1, 50)]
    [InlineData(8000, 1000, 2, 100)]
    [InlineData(0, 1000, 8, 0)]
    public void Cpu_is_process_time_over_wall_time_over_cores(int cpuMs, int wallMs, int cores, double expected) =>
        Assert.Equal(expected, ProcessSampler.Percent(TimeSpan.FromMilliseconds(cpuMs), TimeSpan.FromMilliseconds(wallMs), cores), 3);

    [Fact]
    public void Process_sample_is_within_range_and_reports_memory()
    {
        var (cpu, workingSet, heap) = new ProcessSampler().Sample();
        Assert.InRange(cpu, 0, 100);
        Assert.True(workingSet > 0 && heap > 0);
    }

    [Fact]
    public void Personal_data_in_state_json_is_masked_wherever_it_is()
    {
        var state = JsonSerializer.SerializeToElement(new
        {
            OrderId = "ord-1",
            ShipTo = new { Name = "Jane Doe", Line1 = "12 Long Road", PostalCode = "200001", City = "Shanghai", Latitude = 31.23456, Phone = "+86 138 0013 8000" },
            Contacts = new[] { new { Email = "jane.doe@example.com" } },
        });

        var masked = PiiJsonMask.Mask(state)!.ToJsonString();

        Assert.DoesNotContain("Jane", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("Long Road", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("200001", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", masked, StringComparison.Ordinal);
        Assert.DoesNotContain("0013", masked, StringComparison.Ordinal);
        Assert.Contains("\"City\":\"Shanghai\"", masked, StringComparison.Ordinal);
        Assert.Contains("\"OrderId\":\"ord-1\"", masked, StringComparison.Ordinal);
        Assert.Contains("\"Latitude\":31.2", masked, StringComparison.Ordinal);
        Assert.Contains("j***@example.com", masked, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_buffer_keeps_the_newest_entries_at_or_above_the_level()
    {
        var buffer = new DashboardLogBuffer(new DashboardOptions { LogCapacity = 10 }, new FakeTimeProvider());
        var logger = buffer.CreateLogger("Test");
        logger.LogDebug("not kept");
        var info = LoggerMessage.Define<int>(LogLevel.Information, new EventId(1), "entry {Number}");
        var warning = LoggerMessage.Define<int>(LogLevel.Warning, new EventId(2), "entry {Number}");
        for (var i = 0; i < 15; i++)
        {
            (i % 5 == 0 ? warning : info)(logger, i, null);
        }

        var all = buffer.After(0, LogLevel.Information, 100);
        Assert.Equal(10, all.Count);
        Assert.Equal("entry 14", all[^1].Message);
        Assert.Equal(["entry 5", "entry 10"], buffer.After(0, LogLevel.Warning, 100).Select(e => e.Message));
        Assert.Empty(buffer.After(buffer.LastSequence, LogLevel.Trace, 100));
    }

    [Theory]
    [InlineData("WatchWindow", "00:00:00")]
    [InlineData("SnapshotInterval", "00:00:00.010")]
    [InlineData("LogCapacity", "1")]
    [InlineData("LowStockUnits", "-1")]
    public void Options_out_of_range_fail_with_a_clear_message(string setting, string value)
    {
        var options = new DashboardOptions();
        var property = typeof(DashboardOptions).GetProperty(setting)!;
        property.SetValue(options, property.PropertyType == typeof(TimeSpan) ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var error = Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
