using OrderGrains.ClientApi;
using OrderGrains.Silo;

var builder = WebApplication.CreateBuilder(args);
builder.AddOrderGrainsSiloHost();

var app = builder.Build();
app.MapOrderGrainsHealth();
app.Run();

/// <summary>Entry point, visible to tests that host the silo.</summary>
public partial class Program;
