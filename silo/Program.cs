using OrderGrains.ClientApi;
using OrderGrains.ClientApi.Security;
using OrderGrains.Dashboard;
using OrderGrains.Silo;

var builder = WebApplication.CreateBuilder(args);
if (DevTokens.TryRunCommand(args, builder.Configuration.GetSection("OrderGrains:Api:Auth").Get<ApiAuthOptions>() ?? new(), Console.Out))
{
    return;
}

builder.AddOrderGrainsSiloHost();

var app = builder.Build();
app.MapOrderGrainsHealth();
app.MapOrderGrainsApi();
app.MapOrderGrainsDashboard();
app.Run();

/// <summary>Entry point, visible to tests that host the silo.</summary>
public partial class Program;
