namespace OrderGrains.Interfaces.Rules;

/// <summary>The published JSON Schema (draft 2020-12) of rule sets, served at <c>GET /api/v1/rules/schema</c>.</summary>
public static class RuleSetSchema
{
    /// <summary>The <c>type</c> values of conditions.</summary>
    public static IReadOnlyList<string> ConditionTypes { get; } =
    [
        "all", "any", "not", "always", "customerTier", "customerHistory", "customerPreference", "channel", "destination",
        "orderValue", "orderSize", "gift", "speed", "product", "time", "note", "stock", "warehouse",
    ];

    /// <summary>The <c>type</c> values of actions.</summary>
    public static IReadOnlyList<string> ActionTypes { get; } =
    [
        "routingWeights", "excludeWarehouses", "preferWarehouses", "maxSplits", "shipTogether", "sla", "priority", "hold",
        "attachInsert", "blockMerge", "carrierService", "promiseConfidence", "tag",
    ];

    /// <summary>The schema document.</summary>
    public const string Json = """
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://ordergrains.dev/schemas/rule-set.json",
      "title": "OrderGrains rule set",
      "description": "Business rules as data. Groups run in priority order (lower first); a firstMatch group applies its first matching rule, an allMatch group every matching rule. Single-valued settings come from the first rule that sets them; sets are unions; priority is the highest level; any hold holds.",
      "type": "object",
      "required": ["name", "groups"],
      "additionalProperties": false,
      "properties": {
        "name": { "type": "string", "minLength": 1, "maxLength": 100 },
        "description": { "type": "string" },
        "timeZone": { "type": "string", "description": "IANA time zone of time conditions; UTC when absent." },
        "peakPeriods": { "type": "array", "items": { "$ref": "#/$defs/peakPeriod" } },
        "productSets": { "type": "object", "additionalProperties": { "$ref": "#/$defs/productSet" } },
        "groups": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/group" } }
      },
      "$defs": {
        "strings": { "type": "array", "minItems": 1, "items": { "type": "string", "minLength": 1, "maxLength": 100 } },
        "tier": { "enum": ["standard", "silver", "gold", "vip"] },
        "speed": { "enum": ["standard", "express", "priority"] },
        "day": { "enum": ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"] },
        "warehouseStatus": { "enum": ["online", "degraded", "offline"] },
        "confidence": { "type": "number", "minimum": 0.5, "maximum": 0.999 },
        "peakPeriod": {
          "type": "object", "required": ["from", "until"], "additionalProperties": false,
          "properties": { "from": { "type": "string", "format": "date-time" }, "until": { "type": "string", "format": "date-time" }, "name": { "type": "string" } }
        },
        "productSet": {
          "type": "object", "additionalProperties": false,
          "properties": { "skus": { "$ref": "#/$defs/strings" }, "skuPrefixes": { "$ref": "#/$defs/strings" } }
        },
        "group": {
          "type": "object", "required": ["name", "mode", "rules"], "additionalProperties": false,
          "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 100 },
            "mode": { "enum": ["firstMatch", "allMatch"] },
            "priority": { "type": "integer", "minimum": 0, "maximum": 10000, "default": 100 },
            "rules": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/rule" } }
          }
        },
        "rule": {
          "type": "object", "required": ["name", "when", "then"], "additionalProperties": false,
          "properties": {
            "name": { "type": "string", "minLength": 1, "maxLength": 100 },
            "description": { "type": "string" },
            "priority": { "type": "integer", "minimum": 0, "maximum": 10000, "default": 100 },
            "enabled": { "type": "boolean", "default": true },
            "when": { "$ref": "#/$defs/condition" },
            "then": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/action" } }
          }
        },
        "condition": {
          "type": "object", "required": ["type"],
          "oneOf": [
            { "properties": { "type": { "const": "all" }, "conditions": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/condition" } } }, "required": ["conditions"], "additionalProperties": false },
            { "properties": { "type": { "const": "any" }, "conditions": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/condition" } } }, "required": ["conditions"], "additionalProperties": false },
            { "properties": { "type": { "const": "not" }, "condition": { "$ref": "#/$defs/condition" } }, "required": ["condition"], "additionalProperties": false },
            { "properties": { "type": { "const": "always" } }, "additionalProperties": false },
            { "properties": { "type": { "const": "customerTier" }, "atLeast": { "$ref": "#/$defs/tier" }, "in": { "type": "array", "items": { "$ref": "#/$defs/tier" } } }, "additionalProperties": false },
            { "properties": { "type": { "const": "customerHistory" }, "minOrders": { "type": "integer", "minimum": 0 }, "maxOrders": { "type": "integer", "minimum": 0 }, "minReturnRate": { "type": "number", "minimum": 0 }, "maxReturnRate": { "type": "number", "minimum": 0 }, "minLateDeliveries": { "type": "integer", "minimum": 0 } }, "additionalProperties": false },
            { "properties": { "type": { "const": "customerPreference" }, "acceptsSplit": { "type": "boolean" }, "preferredSpeed": { "$ref": "#/$defs/speed" } }, "additionalProperties": false },
            { "properties": { "type": { "const": "channel" }, "in": { "$ref": "#/$defs/strings" } }, "required": ["in"], "additionalProperties": false },
            { "properties": { "type": { "const": "destination" }, "countries": { "$ref": "#/$defs/strings" }, "regions": { "$ref": "#/$defs/strings" }, "cities": { "$ref": "#/$defs/strings" }, "postalPrefixes": { "$ref": "#/$defs/strings" } }, "additionalProperties": false },
            { "properties": { "type": { "const": "orderValue" }, "min": { "type": "number", "minimum": 0 }, "max": { "type": "number", "minimum": 0 } }, "additionalProperties": false },
            { "properties": { "type": { "const": "orderSize" }, "minUnits": { "type": "integer", "minimum": 0 }, "maxUnits": { "type": "integer", "minimum": 0 }, "minLines": { "type": "integer", "minimum": 0 }, "maxLines": { "type": "integer", "minimum": 0 } }, "additionalProperties": false },
            { "properties": { "type": { "const": "gift" }, "isGift": { "type": "boolean", "default": true } }, "additionalProperties": false },
            { "properties": { "type": { "const": "speed" }, "in": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/speed" } } }, "required": ["in"], "additionalProperties": false },
            { "properties": { "type": { "const": "product" }, "skus": { "$ref": "#/$defs/strings" }, "skuPrefixes": { "$ref": "#/$defs/strings" }, "set": { "type": "string" }, "minQuantity": { "type": "integer", "minimum": 1, "default": 1 } }, "additionalProperties": false },
            { "properties": { "type": { "const": "time" }, "days": { "type": "array", "minItems": 1, "items": { "$ref": "#/$defs/day" } }, "fromHour": { "type": "integer", "minimum": 0, "maximum": 23 }, "toHour": { "type": "integer", "minimum": 1, "maximum": 24 }, "peak": { "type": "boolean" } }, "additionalProperties": false },
            { "properties": { "type": { "const": "note" }, "keywords": { "$ref": "#/$defs/strings" } }, "required": ["keywords"], "additionalProperties": false },
            { "properties": { "type": { "const": "stock" }, "maxAvailable": { "type": "integer", "minimum": 0 }, "belowSafety": { "type": "boolean" }, "noInboundWithinDays": { "type": "integer", "minimum": 1, "maximum": 365 } }, "additionalProperties": false },
            { "properties": { "type": { "const": "warehouse" }, "warehouseId": { "type": "string" }, "status": { "type": "array", "items": { "$ref": "#/$defs/warehouseStatus" } }, "minSaturation": { "type": "number", "minimum": 0 } }, "additionalProperties": false }
          ]
        },
        "action": {
          "type": "object", "required": ["type"],
          "oneOf": [
            { "properties": { "type": { "const": "routingWeights" }, "transit": { "type": "number", "minimum": 0, "maximum": 1000 }, "cost": { "type": "number", "minimum": 0, "maximum": 1000 }, "splitPenalty": { "type": "number", "minimum": 0, "maximum": 1000 }, "saturation": { "type": "number", "minimum": 0, "maximum": 1000 }, "carbon": { "type": "number", "minimum": 0, "maximum": 1000 } }, "additionalProperties": false },
            { "properties": { "type": { "const": "excludeWarehouses" }, "warehouses": { "$ref": "#/$defs/strings" } }, "required": ["warehouses"], "additionalProperties": false },
            { "properties": { "type": { "const": "preferWarehouses" }, "warehouses": { "$ref": "#/$defs/strings" }, "bonus": { "type": "number", "minimum": 0, "maximum": 100, "default": 1.0 } }, "required": ["warehouses"], "additionalProperties": false },
            { "properties": { "type": { "const": "maxSplits" }, "shipments": { "type": "integer", "minimum": 1, "maximum": 10 } }, "required": ["shipments"], "additionalProperties": false },
            { "properties": { "type": { "const": "shipTogether" } }, "additionalProperties": false },
            { "properties": { "type": { "const": "sla" }, "hours": { "type": "integer", "minimum": 1, "maximum": 720 }, "confidence": { "$ref": "#/$defs/confidence" } }, "required": ["hours"], "additionalProperties": false },
            { "properties": { "type": { "const": "priority" }, "level": { "type": "integer", "minimum": 0, "maximum": 100 } }, "required": ["level"], "additionalProperties": false },
            { "properties": { "type": { "const": "hold" }, "reason": { "type": "string", "minLength": 1, "maxLength": 200 } }, "required": ["reason"], "additionalProperties": false },
            { "properties": { "type": { "const": "attachInsert" }, "item": { "type": "string", "minLength": 1, "maxLength": 100 }, "kind": { "enum": ["insert", "gift"], "default": "insert" } }, "required": ["item"], "additionalProperties": false },
            { "properties": { "type": { "const": "blockMerge" } }, "additionalProperties": false },
            { "properties": { "type": { "const": "carrierService" }, "service": { "$ref": "#/$defs/speed" }, "carrier": { "type": "string", "minLength": 1, "maxLength": 50 } }, "required": ["service"], "additionalProperties": false },
            { "properties": { "type": { "const": "promiseConfidence" }, "target": { "$ref": "#/$defs/confidence" } }, "required": ["target"], "additionalProperties": false },
            { "properties": { "type": { "const": "tag" }, "tags": { "type": "array", "minItems": 1, "items": { "type": "string", "pattern": "^[a-z0-9._-]{1,50}$" } } }, "required": ["tags"], "additionalProperties": false }
          ]
        }
      }
    }
    """;
}
