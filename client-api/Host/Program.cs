using OrderGrains.ClientApi;
using OrderGrains.ClientApi.Host;
using OrderGrains.ClientApi.Security;
using OrderGrains.Dashboard;

var builder = WebApplication.CreateBuilder(args);
if (DevTokens.TryRunCommand(args, builder.Configuration.GetSection("OrderGrains:Api:Auth").Get<ApiAuthOptions>() ?? new(), Console.Out))
{
    return;
}

builder.AddOrderGrainsApiTier();

var app = builder.Build();
app.MapOrderGrainsHealth();
app.MapOrderGrainsApi();
app.MapOrderGrainsDashboard();
app.Run();

/// <summary>Entry point, visible to tests that host the API tier.</summary>
public partial class Program;
