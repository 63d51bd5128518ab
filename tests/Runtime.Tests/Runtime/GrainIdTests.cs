namespace OrderGrains.Runtime.Tests.Runtime;

public sealed class GrainIdTests
{
    [Fact]
    public void Stable_hash_is_fnv1a_of_the_utf8_id_and_never_changes_between_processes()
    {
        // FNV-1a 32-bit reference values: "a" = 0xE40C292C, "" = 0x811C9DC5.
        Assert.Equal(0xE40C292Cu, StableHash.Fnv1a32("a"));
        Assert.Equal(0x811C9DC5u, StableHash.Fnv1a32(string.Empty));
        Assert.Equal(StableHash.Fnv1a32("order/ORD-1"), new GrainId("order", "ORD-1").StableHash);
    }

    [Fact]
    public void Stable_hash_covers_long_and_non_ascii_keys()
    {
        var longKey = new string('x', 1000) + "订单";
        var expected = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes($"order/{longKey}"))
        {
            expected = (expected ^ b) * 16777619u;
        }

        Assert.Equal(expected, new GrainId("order", longKey).StableHash);
    }

    [Fact]
    public void Grain_id_parses_its_string_form_and_keeps_slashes_in_the_key()
    {
        var id = GrainId.Parse("stock/SKU-42@WH-SH/2");
        Assert.Equal("stock", id.Type);
        Assert.Equal("SKU-42@WH-SH/2", id.Key);
        Assert.Equal("stock/SKU-42@WH-SH/2", id.ToString());
        Assert.Equal(new GrainId("stock", "SKU-42@WH-SH/2"), id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("noslash")]
    [InlineData("/key")]
    public void Malformed_grain_id_is_rejected(string value) => Assert.Throws<FormatException>(() => GrainId.Parse(value));

    [Fact]
    public void Grain_type_with_a_slash_is_rejected() => Assert.Throws<ArgumentException>(() => new GrainId("a/b", "k"));
}
