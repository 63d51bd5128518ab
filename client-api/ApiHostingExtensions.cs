using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrderGrains.ClientApi.Apis;
using OrderGrains.ClientApi.Errors;
using OrderGrains.ClientApi.Internal;
using OrderGrains.ClientApi.Security;

namespace OrderGrains.ClientApi;

/// <summary>Adds the HTTP API to a web application: one definition for the co-hosted silo and the separate front tier.</summary>
public static class ApiHostingExtensions
{
    /// <summary>Base path of version 1 of the API.</summary>
    public const string V1 = "/api/v1";

    /// <summary>Registers the API's services (JSON, problem details, authentication, policies, OpenAPI) from <c>OrderGrains:Api</c>.</summary>
    public static IHostApplicationBuilder AddOrderGrainsApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(ApiOptions.Section);
        var options = section.Get<ApiOptions>() ?? new ApiOptions();
        options.Validate();
        builder.Services.Configure<ApiOptions>(section);

        builder.Services.ConfigureHttpJsonOptions(json => ConfigureJson(json.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = AddCodeAndTrace);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddSingleton<IProblemDetailsWriter, ApiProblemDetailsWriter>();
        builder.Services.AddApiAuthentication(options.Auth);
        builder.Services.AddApiPipeline(options);
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer<OpenApiSecurityTransformer>().AddOperationTransformer<OpenApiSecurityTransformer>());
        builder.Services.AddChannelsApi(builder.Configuration);
        builder.AddTimelineStreams();
        return builder;
    }

    /// <summary>Maps the API under <see cref="V1"/>, its OpenAPI document (<c>/openapi/v1.json</c>) and its interactive page (<c>/api/docs</c>).</summary>
    public static WebApplication MapOrderGrainsApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var maxBody = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        app.UseApiRequestLogging();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((context, next) =>
        {
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (limit is { IsReadOnly: false })
            {
                limit.MaxRequestBodySize = maxBody;
            }

            return next(context);
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = "api/docs";
            ui.SwaggerEndpoint("/openapi/v1.json", "OrderGrains API v1");
            ui.DocumentTitle = "OrderGrains API";
        });

        var v1 = app.MapGroup(V1);
        v1.AddEndpointFilter(OrderOutcomeFilter.InvokeAsync);
        v1.MapOrdersApi();
        v1.MapChannelsApi();
        v1.MapOrderSearchApi();
        v1.MapInventoryApi();
        v1.MapWarehousesApi();
        v1.MapCustomersApi();
        v1.MapPromisesApi();
        v1.MapWebhooksApi();
        v1.MapRulesApi();
        return app;
    }

    /// <summary>JSON rules of the API: camelCase, enums as strings, unknown members rejected, bounded depth.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        json.MaxDepth = 32;
    }

    private static void AddCodeAndTrace(Microsoft.AspNetCore.Http.ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        if (problem.Extensions.ContainsKey("code"))
        {
            return;
        }

        var code = problem.Status switch
        {
            StatusCodes.Status401Unauthorized => ErrorCodes.Unauthorized,
            StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
            StatusCodes.Status404NotFound => ErrorCodes.NotFound,
            StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
            StatusCodes.Status413PayloadTooLarge => ErrorCodes.TooLarge,
            StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
            StatusCodes.Status429TooManyRequests => ErrorCodes.RateLimited,
            StatusCodes.Status503ServiceUnavailable => ErrorCodes.Unavailable,
            >= 500 => ErrorCodes.Internal,
            _ => ErrorCodes.InvalidRequest,
        };
        problem.Extensions["code"] = code;
        problem.Type = ApiErrors.TypeBase + code;
    }
}
