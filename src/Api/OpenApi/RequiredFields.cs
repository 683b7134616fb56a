using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OpenChat.Chain.Api.OpenApi;

/// <summary>
/// A property the C# type declares non-nullable is always present in an answer and never null: it is listed as
/// required and its schema loses <c>null</c>; a number is typed as a number only. In a request body (a type named
/// <c>…Body</c>) a constructor parameter with a default stays optional; an answer always carries every property.
/// </summary>
public sealed class RequiredFields : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        // Numbers are written as numbers; that the web defaults also read them from strings is no reason to type answers as strings.
        if (schema.Type is { } numeric && (numeric & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && numeric.HasFlag(JsonSchemaType.String))
        {
            schema.Type = numeric & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        var type = context.JsonTypeInfo;
        if (type.Kind != JsonTypeInfoKind.Object || schema.Properties is null || type.Properties.Count == 0) return Task.CompletedTask;

        var withDefaults = !type.Type.Name.EndsWith("Body", StringComparison.Ordinal) ? [] : type.Type.GetConstructors()
            .SelectMany(c => c.GetParameters())
            .Where(p => p.HasDefaultValue)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var nullability = new NullabilityInfoContext(); // not thread-safe: one per call
        foreach (var property in type.Properties)
        {
            if (!schema.Properties.TryGetValue(property.Name, out var propertySchema) || IsNullable(property, nullability)) continue;
            if (propertySchema is OpenApiSchema { Type: { } t } inline && t.HasFlag(JsonSchemaType.Null)) inline.Type = t & ~JsonSchemaType.Null;
            if (property.AttributeProvider is MemberInfo member && withDefaults.Contains(member.Name)) continue;
            (schema.Required ??= new HashSet<string>()).Add(property.Name);
        }
        return Task.CompletedTask;
    }

    static bool IsNullable(JsonPropertyInfo property, NullabilityInfoContext nullability)
    {
        if (property.PropertyType.IsValueType) return Nullable.GetUnderlyingType(property.PropertyType) is not null;
        return property.AttributeProvider switch
        {
            PropertyInfo p => nullability.Create(p).ReadState != NullabilityState.NotNull,
            FieldInfo f => nullability.Create(f).ReadState != NullabilityState.NotNull,
            _ => true,
        };
    }
}
