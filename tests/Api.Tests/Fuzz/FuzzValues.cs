namespace OrderGrains.Api.Tests.Fuzz;

/// <summary>Hostile values: injections, boundary numbers, odd text, odd media types and headers.</summary>
public static class FuzzValues
{
    /// <summary>Strings that break naive SQL, HTML, paths, logs, headers and parsers.</summary>
    public static readonly string[] Strings =
    [
        "' OR '1'='1",
        "'; DROP TABLE grain_state; --",
        "1; SELECT pg_sleep(10)--",
        "\" OR \"\"=\"",
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "../../../../etc/passwd",
        "..\\..\\..\\windows\\win.ini",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "line1\r\nX-Injected: yes",
        "log\nFAKE ENTRY level=Critical",
        "\u0000",
        "nul\u0000byte",
        "\u202Eevil\u202C",
        "\uFEFFbom",
        "订单-顧客-🚚📦",
        "Z̸̢͓͉̈́a̶̧̛̘l̷̢̈́g̴̞̈́o̵̹̎",
        "${jndi:ldap://127.0.0.1/a}",
        "{{7*7}}",
        "%s%s%s%n",
        "$where: '1 == 1'",
        "{\"$type\":\"System.IO.FileInfo, System.IO\"}",
        "",
        " ",
        "\t",
        "null",
        "undefined",
        "NaN",
        "Infinity",
        "-Infinity",
        "-1",
        "0",
        "1e309",
        "true",
        "[]",
        "{}",
        "CON",
        "sku@warehouse@other",
        "a:b:c",
        new string('A', 201),
        new string('x', 5_000),
    ];

    /// <summary>JSON number literals at and beyond the limits of every numeric type, and literals JSON forbids.</summary>
    public static readonly string[] NumberLiterals =
    [
        "0", "-0", "-1", "-2147483649", "2147483648", "9223372036854775808", "-9223372036854775809",
        "79228162514264337593543950336", "1e308", "1e309", "-1e309", "1e-400", "4.9e-324", "0.00000000000000000000000000001",
        "123456789012345678901234567890.123456789", "1.5", "99999", "1E+2", "3.14159265358979323846264338327950288",
        // Not JSON: the parser must refuse them with a 400.
        "NaN", "Infinity", "-Infinity", "0x10", "01", "+1", ".5", "1.", "undefined",
    ];

    /// <summary>Route values: hostile strings that survive URL escaping, plus plausible but absent ids.</summary>
    public static readonly string[] RouteValues =
    [
        "' OR 1=1;--", "<script>alert(1)</script>", "../../etc/passwd", "..", ".", "%00", "%", "订单", "🚚", "null", "-1", "0",
        "99999999999999999999999999", "CON", "a b", "a+b", "a;b", "a\"b", "ord-000000000000000000000000", "SKU-99999@WH-NOPE",
        "sample", new string('9', 500), new string('a', 65), "\u0001", "x\r\ny",
    ];

    /// <summary>Query strings with hostile paging, filters and positions.</summary>
    public static readonly string[] Queries =
    [
        "?page=-1", "?pageSize=0", "?pageSize=99999999999999999999", "?limit=-5", "?take=1e9", "?after=NaN", "?after=-1",
        "?after=99999999999999999999", "?cursor=%FF%FE", "?cursor=' OR 1=1--", "?status=%3Cscript%3E", "?status=shipped&status=bogus",
        "?from=2026-13-45", "?from=9999-12-31T23:59:59Z&to=0001-01-01", "?customerId=' OR '1'='1", "?sku=..%2F..%2Fetc",
        "?q=%00", "?warehouseId=&channel=", "?page=1&page=2&page=x", "?" + new string('a', 2_000) + "=1", "?pageSize=1.5",
    ];

    /// <summary>Content types other than plain JSON.</summary>
    public static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz",
        "application/json; charset=utf-16", "application/json; charset=bogus", "application/json; charset=iso-8859-1",
        "application/merge-patch+json", "application/json, text/plain", "*/*", "application/problem+json", "application/jsonx",
        "application/json; charset=\"utf-8\"; q=0.1", ";;;",
    ];

    /// <summary>Accept headers, including ones that do not admit JSON.</summary>
    public static readonly string[] Accepts =
    [
        "text/html", "application/xml", "*/*", "text/event-stream", "application/problem+json", "image/png", "application/json;q=0",
    ];

    /// <summary>Idempotency keys that must be refused (ASCII only: other bytes never reach the application).</summary>
    public static readonly string[] IdempotencyKeys =
    [
        new string('k', 201), "tab\tinside", " ", "' OR 1=1 --", "<script>", "a,b", new string('k', 5_000),
    ];
}
