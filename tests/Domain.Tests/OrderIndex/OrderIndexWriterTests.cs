using System.Data.Common;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrderGrains.Grains.OrderIndex;
using OrderGrains.Interfaces.Orders;

namespace OrderGrains.Domain.Tests.OrderIndex;

/// <summary>The writer's group commit and its retry of transient database failures.</summary>
public sealed class OrderIndexWriterTests
{
    [Fact]
    public async Task Changes_waiting_behind_a_write_share_the_next_transaction()
    {
        var store = new RecordingStore();
        var writer = new OrderIndexWriter(store, Options.Create(new OrderIndexOptions()), new OrderIndexMetrics(), NullLogger<OrderIndexWriter>.Instance);
        var gate = new TaskCompletionSource();
        store.Gate = gate;
        var first = writer.WriteAsync(Change("O-0"));
        await store.FirstCallStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var waiting = Enumerable.Range(1, 10).Select(i => writer.WriteAsync(Change($"O-{i}"))).ToList();
        Assert.False(first.IsCompleted);
        gate.SetResult();
        await Task.WhenAll([first, .. waiting]).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, 10], store.Batches.Select(b => b.Count));
        await writer.OnStopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_transient_database_failure_is_retried_before_the_delivery_fails()
    {
        var store = new RecordingStore { FailuresLeft = 1 };
        var writer = new OrderIndexWriter(store, Options.Create(new OrderIndexOptions()), new OrderIndexMetrics(), NullLogger<OrderIndexWriter>.Instance);

        await writer.WriteAsync(Change("O-1")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, store.Calls);
        Assert.Single(store.Batches);
        await writer.OnStopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failure_that_is_not_transient_fails_the_waiting_writes()
    {
        var store = new RecordingStore { Failure = new InvalidOperationException("broken") };
        var writer = new OrderIndexWriter(store, Options.Create(new OrderIndexOptions()), new OrderIndexMetrics(), NullLogger<OrderIndexWriter>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(Change("O-1")).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(1, store.Calls);
        await writer.OnStopAsync(CancellationToken.None);
    }

    private static OrderChanged Change(string orderId) =>
        new(orderId, "C-1", "web", OrderStatus.Created, null, [], 1m, 1, [], false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 1);

    private sealed class RecordingStore : IOrderIndexStore
    {
        private int _calls;

        public TaskCompletionSource? Gate { get; set; }

        public TaskCompletionSource FirstCallStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int FailuresLeft { get; set; }

        public Exception? Failure { get; init; }

        public int Calls => Volatile.Read(ref _calls);

        public List<IReadOnlyList<OrderChanged>> Batches { get; } = [];

        public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<OrderIndexCounts> CountAsync(DateTimeOffset createdSince, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<AtRiskOrderSummary>> AtRiskAsync(int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public async Task<int> UpsertAsync(IReadOnlyList<OrderChanged> changes, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            FirstCallStarted.TrySetResult();
            if (Gate is { } gate)
            {
                Gate = null;
                await gate.Task;
            }

            if (Failure is not null)
            {
                throw Failure;
            }

            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new TransientDbException();
            }

            Batches.Add([.. changes]);
            return changes.Count;
        }

        public Task<OrderPage> SearchAsync(OrderQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class TransientDbException() : DbException("database is locked");
}
