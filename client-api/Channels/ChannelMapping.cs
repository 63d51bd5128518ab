using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrderGrains.ClientApi.Apis;
using OrderGrains.Interfaces;

namespace OrderGrains.ClientApi.Channels;

/// <summary>
/// One channel's compiled mapping: reads an order in the channel's JSON shape into a <see cref="PlaceOrderRequest"/>,
/// reporting problems under the channel's own field paths. Fields the mapping does not name are ignored: the payload
/// is foreign, and channels add fields we have no use for.
/// </summary>
internal sealed partial class ChannelMapping
{
    /// <summary>Longest channel order reference accepted as an idempotency key.</summary>
    public const int MaxOrderReference = 100;

    private static readonly decimal[] Scales = [1m, 10m, 100m, 1_000m, 10_000m, 100_000m, 1_000_000m];

    private readonly ChannelJsonPath? _orderReference;
    private readonly ChannelJsonPath _customerId;
    private readonly ChannelJsonPath _lines;
    private readonly ChannelJsonPath _sku;
    private readonly ChannelJsonPath _quantity;
    private readonly ChannelJsonPath _unitPrice;
    private readonly int _unitPriceScale;
    private readonly AddressPaths _shipTo;
    private readonly ChannelJsonPath? _isGift;
    private readonly ChannelJsonPath? _speed;
    private readonly Dictionary<string, ShippingSpeed> _speedValues;
    private readonly ChannelJsonPath? _note;

    private ChannelMapping(string channelId, ChannelMappingOptions options)
    {
        ChannelId = channelId;
        var at = $"{ChannelRegistry.Section}:{channelId}";
        ChannelJsonPath Required(string? path, string name) => ChannelJsonPath.Parse(path, $"{at}:{name}");
        ChannelJsonPath? Optional(string? path, string name) => string.IsNullOrWhiteSpace(path) ? null : Required(path, name);

        _orderReference = Optional(options.OrderReference, nameof(options.OrderReference));
        _customerId = Required(options.CustomerId, nameof(options.CustomerId));
        _lines = Required(options.Lines, nameof(options.Lines));
        _sku = Required(options.Line.Sku, "Line:Sku");
        _quantity = Required(options.Line.Quantity, "Line:Quantity");
        _unitPrice = Required(options.Line.UnitPrice, "Line:UnitPrice");
        if (options.Line.UnitPriceScale < 0 || options.Line.UnitPriceScale >= Scales.Length)
        {
            throw new InvalidOperationException($"{at}:Line:UnitPriceScale must be between 0 and {Scales.Length - 1} (2 for prices in cents).");
        }

        _unitPriceScale = options.Line.UnitPriceScale;
        var a = options.ShipTo;
        _shipTo = new AddressPaths(
            Required(a.Name, "ShipTo:Name"),
            Required(a.Line1, "ShipTo:Line1"),
            Required(a.City, "ShipTo:City"),
            Optional(a.Region, "ShipTo:Region"),
            Required(a.PostalCode, "ShipTo:PostalCode"),
            Required(a.Country, "ShipTo:Country"),
            Required(a.Latitude, "ShipTo:Latitude"),
            Required(a.Longitude, "ShipTo:Longitude"),
            Optional(a.Phone, "ShipTo:Phone"));
        _isGift = Optional(options.IsGift, nameof(options.IsGift));
        _speed = Optional(options.Speed, nameof(options.Speed));
        _note = Optional(options.Note, nameof(options.Note));

        _speedValues = new Dictionary<string, ShippingSpeed>(StringComparer.OrdinalIgnoreCase);
        foreach (var (code, speed) in options.SpeedValues)
        {
            if (!TryParseSpeedName(speed, out var parsed))
            {
                throw new InvalidOperationException(
                    $"{at}:SpeedValues:{code}: '{speed}' is not a shipping speed ({string.Join(", ", Enum.GetNames<ShippingSpeed>().Select(JsonNamingPolicy.CamelCase.ConvertName))}).");
            }

            _speedValues[code] = parsed;
        }

        if (_speedValues.Count > 0 && _speed is null)
        {
            throw new InvalidOperationException($"{at}:SpeedValues is set but {at}:Speed (the path of the speed code) is not.");
        }
    }

    /// <summary>The channel's id (route value and the orders' channel).</summary>
    public string ChannelId { get; }

    /// <summary>Compiles <paramref name="options"/>; a missing or malformed path fails start-up naming the setting.</summary>
    public static ChannelMapping Compile(string channelId, ChannelMappingOptions options) => new(channelId, options);

    /// <summary>Reads <paramref name="payload"/>; either a request (and the channel's order reference, when mapped) or the invalid paths.</summary>
    public ChannelMappingResult Map(JsonElement payload)
    {
        var errors = new ApiValidationErrors();
        if (payload.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "The order must be a JSON object.");
            return ChannelMappingResult.Invalid(errors);
        }

        var reader = new PayloadReader(errors);
        var reference = _orderReference is null ? null : reader.Id(payload, _orderReference, Top(_orderReference), required: true);
        if (reference is not null && (string.IsNullOrWhiteSpace(reference) || reference.Length > MaxOrderReference || reference.Any(char.IsControl)))
        {
            errors.Add(Top(_orderReference!), $"The order reference must be 1-{MaxOrderReference} printable characters.");
        }

        var customerId = reader.Id(payload, _customerId, Top(_customerId), required: true);
        var lines = ReadLines(payload, reader, errors);
        var shipTo = ReadAddress(payload, reader);
        var isGift = _isGift is not null && reader.Flag(payload, _isGift, Top(_isGift));
        var speed = _speed is null ? ShippingSpeed.Standard : ReadSpeed(payload, reader, errors);
        var note = _note is null ? null : reader.Text(payload, _note, Top(_note), required: false);

        return errors.IsEmpty
            ? new ChannelMappingResult(new PlaceOrderRequest(customerId!, lines!, shipTo, ChannelId, isGift, speed, note), reference, null)
            : ChannelMappingResult.Invalid(errors);
    }

    /// <summary>Renames our field names in validation errors (<c>lines[0].quantity</c>) to the channel's paths (<c>$.items[0].qty</c>).</summary>
    public Dictionary<string, string[]> ToChannelFields(IDictionary<string, string[]> errors)
    {
        var renamed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, messages) in errors)
        {
            var name = ChannelFieldOf(field);
            renamed[name] = renamed.TryGetValue(name, out var existing) ? [.. existing, .. messages] : messages;
        }

        return renamed;
    }

    /// <summary>Where each of our fields is read from, for integrators.</summary>
    public ChannelDescription Describe()
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string field, ChannelJsonPath? path, bool inLine = false)
        {
            if (path is not null)
            {
                fields[field] = inLine ? $"{Top(_lines)}[].{path.Text}" : Top(path);
            }
        }

        Add("orderReference", _orderReference);
        Add("customerId", _customerId);
        Add("lines", _lines);
        Add("lines[].sku", _sku, inLine: true);
        Add("lines[].quantity", _quantity, inLine: true);
        Add("lines[].unitPrice", _unitPrice, inLine: true);
        foreach (var (field, path) in _shipTo.Fields())
        {
            Add($"shipTo.{field}", path);
        }

        Add("isGift", _isGift);
        Add("speed", _speed);
        Add("note", _note);
        var speeds = _speedValues.ToDictionary(s => s.Key, s => JsonNamingPolicy.CamelCase.ConvertName(s.Value.ToString()), StringComparer.Ordinal);
        return new ChannelDescription(ChannelId, fields, _unitPriceScale, speeds);
    }

    private static string Top(ChannelJsonPath path) => "$." + path.Text;

    private static bool TryParseSpeedName(string? text, out ShippingSpeed speed)
    {
        speed = default;
        return text is { Length: > 0 } && text.All(char.IsAsciiLetter) && Enum.TryParse(text, ignoreCase: true, out speed);
    }

    [GeneratedRegex(@"^lines\[(\d+)\](?:\.(\w+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex LineField();

    private string ChannelFieldOf(string field)
    {
        switch (field)
        {
            case "customerId":
                return Top(_customerId);
            case "lines":
                return Top(_lines);
            case "speed" when _speed is not null:
                return Top(_speed);
            case "note" when _note is not null:
                return Top(_note);
            case "isGift" when _isGift is not null:
                return Top(_isGift);
        }

        if (field.StartsWith("shipTo.", StringComparison.Ordinal)
            && _shipTo.Fields().FirstOrDefault(f => f.Field == field["shipTo.".Length..]).Path is { } addressPath)
        {
            return Top(addressPath);
        }

        var line = LineField().Match(field);
        if (line.Success)
        {
            var element = $"{Top(_lines)}[{line.Groups[1].Value}]";
            ChannelJsonPath? path = line.Groups[2].Value switch
            {
                "sku" => _sku,
                "quantity" => _quantity,
                "unitPrice" => _unitPrice,
                _ => null,
            };
            return !line.Groups[2].Success ? element : path is null ? field : $"{element}.{path.Text}";
        }

        return field;
    }

    private List<OrderLineRequest>? ReadLines(JsonElement payload, PayloadReader reader, ApiValidationErrors errors)
    {
        var at = Top(_lines);
        var lookup = _lines.Resolve(payload, out var array);
        if (lookup.Kind == PathLookupKind.Missing)
        {
            errors.Add(at, "Required: an array of order lines.");
            return null;
        }

        if (lookup.Kind == PathLookupKind.WrongShape || array.ValueKind != JsonValueKind.Array)
        {
            errors.Add(at, lookup.Problem ?? "Expected an array of order lines.");
            return null;
        }

        var count = array.GetArrayLength();
        if (count is 0 or > OrderValidator.MaxLines)
        {
            errors.Add(at, $"Between 1 and {OrderValidator.MaxLines} lines are accepted.");
            return null;
        }

        var lines = new List<OrderLineRequest>(count);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var prefix = $"{at}[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(prefix, "Expected an order line object.");
                continue;
            }

            var sku = reader.Id(element, _sku, $"{prefix}.{_sku.Text}", required: true);
            var quantity = reader.WholeNumber(element, _quantity, $"{prefix}.{_quantity.Text}");
            var price = reader.Decimal(element, _unitPrice, $"{prefix}.{_unitPrice.Text}");
            if (price is { } p && _unitPriceScale > 0)
            {
                price = p / Scales[_unitPriceScale];
            }

            lines.Add(new OrderLineRequest(sku ?? string.Empty, quantity ?? 0, price ?? 0m));
        }

        return lines;
    }

    private AddressRequest ReadAddress(JsonElement payload, PayloadReader reader)
    {
        var s = _shipTo;
        return new AddressRequest(
            reader.Text(payload, s.Name, Top(s.Name), required: true) ?? string.Empty,
            reader.Text(payload, s.Line1, Top(s.Line1), required: true) ?? string.Empty,
            reader.Text(payload, s.City, Top(s.City), required: true) ?? string.Empty,
            (s.Region is null ? null : reader.Text(payload, s.Region, Top(s.Region), required: false)) ?? string.Empty,
            reader.Text(payload, s.PostalCode, Top(s.PostalCode), required: true) ?? string.Empty,
            reader.Text(payload, s.Country, Top(s.Country), required: true) ?? string.Empty,
            reader.Coordinate(payload, s.Latitude, Top(s.Latitude)) ?? 0,
            reader.Coordinate(payload, s.Longitude, Top(s.Longitude)) ?? 0,
            s.Phone is null ? null : reader.Text(payload, s.Phone, Top(s.Phone), required: false));
    }

    private ShippingSpeed ReadSpeed(JsonElement payload, PayloadReader reader, ApiValidationErrors errors)
    {
        var at = Top(_speed!);
        var code = reader.Text(payload, _speed!, at, required: false);
        if (code is null)
        {
            return ShippingSpeed.Standard;
        }

        if (_speedValues.Count > 0)
        {
            if (_speedValues.TryGetValue(code.Trim(), out var mapped))
            {
                return mapped;
            }

            errors.Add(at, $"Unknown speed code; expected one of {string.Join(", ", _speedValues.Keys.Order(StringComparer.Ordinal))}.");
            return ShippingSpeed.Standard;
        }

        if (TryParseSpeedName(code.Trim(), out var speed))
        {
            return speed;
        }

        errors.Add(at, "Unknown speed; expected standard, express or priority.");
        return ShippingSpeed.Standard;
    }

    private sealed record AddressPaths(
        ChannelJsonPath Name,
        ChannelJsonPath Line1,
        ChannelJsonPath City,
        ChannelJsonPath? Region,
        ChannelJsonPath PostalCode,
        ChannelJsonPath Country,
        ChannelJsonPath Latitude,
        ChannelJsonPath Longitude,
        ChannelJsonPath? Phone)
    {
        public IEnumerable<(string Field, ChannelJsonPath? Path)> Fields() =>
        [
            ("name", Name), ("line1", Line1), ("city", City), ("region", Region), ("postalCode", PostalCode),
            ("country", Country), ("latitude", Latitude), ("longitude", Longitude), ("phone", Phone),
        ];
    }

    /// <summary>Reads typed values, reporting problems under the channel's paths. Numbers may arrive as JSON strings.</summary>
    private sealed class PayloadReader(ApiValidationErrors errors)
    {
        private static readonly string[] TrueWords = ["true", "yes", "y", "1"];
        private static readonly string[] FalseWords = ["false", "no", "n", "0"];

        /// <summary>An identifier: a string, or a whole number (channels often number their customers and orders).</summary>
        public string? Id(JsonElement scope, ChannelJsonPath path, string at, bool required)
        {
            if (!Find(scope, path, at, required, out var value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return String(value, at);
                case JsonValueKind.Number when value.TryGetInt64(out var number):
                    return number.ToString(CultureInfo.InvariantCulture);
                default:
                    errors.Add(at, "Expected a string or a whole number.");
                    return null;
            }
        }

        /// <summary>Text: a string, or a number's literal (postal codes and phones are sometimes sent as numbers).</summary>
        public string? Text(JsonElement scope, ChannelJsonPath path, string at, bool required)
        {
            if (!Find(scope, path, at, required, out var value))
            {
                return null;
            }

            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    return String(value, at);
                case JsonValueKind.Number:
                    return value.GetRawText();
                default:
                    errors.Add(at, "Expected a string.");
                    return null;
            }
        }

        public int? WholeNumber(JsonElement scope, ChannelJsonPath path, string at)
        {
            if (!Find(scope, path, at, required: true, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
            {
                return number;
            }

            if (value.ValueKind == JsonValueKind.String
                && int.TryParse(String(value, at), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }

            errors.Add(at, "Expected a whole number within range.");
            return null;
        }

        public decimal? Decimal(JsonElement scope, ChannelJsonPath path, string at)
        {
            if (!Find(scope, path, at, required: true, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
            {
                return number;
            }

            if (value.ValueKind == JsonValueKind.String
                && decimal.TryParse(String(value, at), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }

            errors.Add(at, "Expected a decimal number within range.");
            return null;
        }

        public double? Coordinate(JsonElement scope, ChannelJsonPath path, string at)
        {
            if (!Find(scope, path, at, required: true, out var value))
            {
                return null;
            }

            var parsed = value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetDouble(out var n) => n,
                JsonValueKind.String when double.TryParse(String(value, at), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
                _ => double.NaN,
            };
            if (!double.IsFinite(parsed))
            {
                errors.Add(at, "Expected a finite number.");
                return null;
            }

            return parsed;
        }

        /// <summary>A flag: true/false, or the strings true/false, yes/no, y/n, 1/0 (any case), or the numbers 1/0.</summary>
        public bool Flag(JsonElement scope, ChannelJsonPath path, string at)
        {
            if (!Find(scope, path, at, required: false, out var value))
            {
                return false;
            }

            var text = value.ValueKind switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.String => String(value, at)?.Trim(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            };
            if (TrueWords.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }

            if (FalseWords.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                return false;
            }

            errors.Add(at, "Expected true or false.");
            return false;
        }

        /// <summary>The string's text, or null (reported) when its bytes are not valid UTF-8: the parser checks them only when read.</summary>
        private string? String(JsonElement value, string at)
        {
            try
            {
                return value.GetString();
            }
            catch (InvalidOperationException)
            {
                errors.Add(at, "The text is not valid UTF-8.");
                return null;
            }
        }

        private bool Find(JsonElement scope, ChannelJsonPath path, string at, bool required, out JsonElement value)
        {
            var lookup = path.Resolve(scope, out value);
            switch (lookup.Kind)
            {
                case PathLookupKind.Found:
                    return true;
                case PathLookupKind.Missing when required:
                    errors.Add(at, "Required.");
                    return false;
                case PathLookupKind.WrongShape:
                    errors.Add(at, lookup.Problem!);
                    return false;
                default:
                    return false;
            }
        }
    }
}

/// <summary>A mapped order (with the channel's order reference, when mapped) or the channel's invalid field paths.</summary>
internal sealed record ChannelMappingResult(PlaceOrderRequest? Request, string? OrderReference, Dictionary<string, string[]>? Errors)
{
    public static ChannelMappingResult Invalid(ApiValidationErrors errors) => new(null, null, errors.ToDictionary());
}
