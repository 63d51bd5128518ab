using OrderGrains.Grains.Promises;

namespace OrderGrains.Domain.Tests.Promises;

public sealed class ConvolutionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Convolution_equals_brute_force_enumeration_of_every_pair_of_outcomes(int seed)
    {
        var random = new Random(seed);
        var a = RandomDistribution(random, 7);
        var b = RandomDistribution(random, 9);
        var c = RandomDistribution(random, 4);

        var composed = Convolution.Convolve(Convolution.Convolve(a, b), c);

        var expected = new double[32];
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = 0; j < b.Length; j++)
            {
                for (var k = 0; k < c.Length; k++)
                {
                    expected[i + j + k] += a[i] * b[j] * c[k];
                }
            }
        }

        for (var h = 0; h < expected.Length; h++)
        {
            Assert.Equal(expected[h], composed[h], 12);
        }

        Assert.Equal(0, composed.Overflow, 12);
    }

    [Fact]
    public void Sums_beyond_the_grid_go_to_the_overflow_and_the_total_stays_one()
    {
        var a = HourDistribution.FromWeights([0, 0.5, 0, 0.5]);
        var b = HourDistribution.FromWeights([0.25, 0, 0, 0.75]);

        var composed = Convolution.Convolve(a, b, maxHours: 4);

        Assert.Equal(0.125, composed[1], 12);
        Assert.Equal(0.125, composed[3], 12);
        Assert.Equal(0.375, composed[4], 12);
        Assert.Equal(0.375, composed.Overflow, 12);
        Assert.Equal(1, composed.Cumulative[^1] + composed.Overflow, 12);
    }

    [Fact]
    public void Push_forward_moves_each_hour_to_where_the_map_sends_it()
    {
        var ready = HourDistribution.FromWeights([0.2, 0.3, 0.5]);

        // Collected at hour 5 if ready by hour 1, else at hour 29 (the next day's collection).
        var collected = Convolution.PushForward(ready, h => h <= 1 ? 5 : 29);

        Assert.Equal(0.5, collected[5], 12);
        Assert.Equal(0.5, collected[29], 12);
        Assert.Equal(0, collected[0]);
    }

    private static HourDistribution RandomDistribution(Random random, int length)
    {
        var weights = new double[length];
        for (var i = 0; i < length; i++)
        {
            weights[i] = random.NextDouble() < 0.3 ? 0 : random.NextDouble();
        }

        weights[random.Next(length)] += 0.1;
        return HourDistribution.FromWeights(weights);
    }
}
