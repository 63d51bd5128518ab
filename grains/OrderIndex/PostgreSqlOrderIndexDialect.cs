using System.Data.Common;

namespace OrderGrains.Grains.OrderIndex;

/// <summary>PostgreSQL: timestamptz times.</summary>
internal sealed class PostgreSqlOrderIndexDialect : OrderIndexDialect
{
    public static PostgreSqlOrderIndexDialect Instance { get; } = new();

    public override string Name => "PostgreSql";

    public override object ToDbTime(DateTimeOffset value) => DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds()).UtcDateTime;

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        new(DateTime.SpecifyKind(reader.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc));
}
