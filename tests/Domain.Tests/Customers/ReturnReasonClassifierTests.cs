using OrderGrains.Grains.Customers;
using OrderGrains.Interfaces.Customers;

namespace OrderGrains.Domain.Tests.Customers;

public sealed class ReturnReasonClassifierTests
{
    [Theory]
    // English
    [InlineData("Wrong size", ReturnReasonCategory.SizeOrFit)]
    [InlineData("It doesn't fit me", ReturnReasonCategory.SizeOrFit)]
    [InlineData("TOO SMALL", ReturnReasonCategory.SizeOrFit)]
    [InlineData("way too big for me", ReturnReasonCategory.SizeOrFit)]
    [InlineData("The box arrived damaged", ReturnReasonCategory.Damaged)]
    [InlineData("screen is Broken", ReturnReasonCategory.Damaged)]
    [InlineData("cracked glass", ReturnReasonCategory.Damaged)]
    [InlineData("defective charger", ReturnReasonCategory.Damaged)]
    [InlineData("Not as described", ReturnReasonCategory.NotAsDescribed)]
    [InlineData("colour is different from the picture", ReturnReasonCategory.NotAsDescribed)]
    [InlineData("you sent the wrong item", ReturnReasonCategory.NotAsDescribed)]
    [InlineData("this is a fake", ReturnReasonCategory.NotAsDescribed)]
    [InlineData("I changed my mind", ReturnReasonCategory.ChangedMind)]
    [InlineData("no longer need it", ReturnReasonCategory.ChangedMind)]
    [InlineData("I don’t want it anymore", ReturnReasonCategory.ChangedMind)]
    // Chinese
    [InlineData("尺码不对", ReturnReasonCategory.SizeOrFit)]
    [InlineData("鞋子太小了", ReturnReasonCategory.SizeOrFit)]
    [InlineData("衣服太大", ReturnReasonCategory.SizeOrFit)]
    [InlineData("穿着不合身", ReturnReasonCategory.SizeOrFit)]
    [InlineData("收到时外包装破损", ReturnReasonCategory.Damaged)]
    [InlineData("用了一天就坏了", ReturnReasonCategory.Damaged)]
    [InlineData("商品损坏", ReturnReasonCategory.Damaged)]
    [InlineData("实物与描述不符", ReturnReasonCategory.NotAsDescribed)]
    [InlineData("色差太严重", ReturnReasonCategory.NotAsDescribed)]
    [InlineData("商家发错货了", ReturnReasonCategory.NotAsDescribed)]
    [InlineData("不想要了", ReturnReasonCategory.ChangedMind)]
    [InlineData("不需要了", ReturnReasonCategory.ChangedMind)]
    [InlineData("七天无理由退货", ReturnReasonCategory.ChangedMind)]
    // Full-width letters and spaces
    [InlineData("ＴＯＯ　ＳＭＡＬＬ", ReturnReasonCategory.SizeOrFit)]
    [InlineData("ｄａｍａｇｅｄ", ReturnReasonCategory.Damaged)]
    [InlineData("Ｎｏｔ ａｓ ｄｅｓｃｒｉｂｅｄ", ReturnReasonCategory.NotAsDescribed)]
    // Nothing recognisable
    [InlineData("", ReturnReasonCategory.Other)]
    [InlineData("   ", ReturnReasonCategory.Other)]
    [InlineData("see attached photo", ReturnReasonCategory.Other)]
    [InlineData("其他原因", ReturnReasonCategory.Other)]
    [InlineData("great outfit, great benefit", ReturnReasonCategory.Other)]
    public void Classifies_english_chinese_and_full_width_reasons(string text, ReturnReasonCategory expected) =>
        Assert.Equal(expected, ReturnReasonClassifier.Classify(text));

    [Theory]
    [InlineData("damaged and too small", ReturnReasonCategory.Damaged)]
    [InlineData("wrong item and too big", ReturnReasonCategory.NotAsDescribed)]
    [InlineData("too small, changed my mind", ReturnReasonCategory.SizeOrFit)]
    [InlineData("太小了，而且破损", ReturnReasonCategory.Damaged)]
    public void Ties_go_to_the_fixed_priority(string text, ReturnReasonCategory expected) =>
        Assert.Equal(expected, ReturnReasonClassifier.Classify(text));

    [Fact]
    public void More_matching_keywords_beat_priority() =>
        Assert.Equal(ReturnReasonCategory.SizeOrFit, ReturnReasonClassifier.Classify("a bit damaged box, but the size is wrong and it is too tight"));

    [Theory]
    [InlineData("not damaged, just too small", ReturnReasonCategory.SizeOrFit)]
    [InlineData("no damage, I changed my mind", ReturnReasonCategory.ChangedMind)]
    [InlineData("没有破损，就是尺码偏小", ReturnReasonCategory.SizeOrFit)]
    [InlineData("不是尺码问题，是色差", ReturnReasonCategory.NotAsDescribed)]
    public void A_negated_keyword_does_not_count(string text, ReturnReasonCategory expected) =>
        Assert.Equal(expected, ReturnReasonClassifier.Classify(text));

    [Fact]
    public void Classification_is_deterministic()
    {
        const string text = "Broken and 与描述不符";

        Assert.All(Enumerable.Range(0, 10), _ => Assert.Equal(ReturnReasonCategory.Damaged, ReturnReasonClassifier.Classify(text)));
    }
}
