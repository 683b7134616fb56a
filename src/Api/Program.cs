using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api.Health;
using OpenChat.Chain.Wallet;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// The data folder holds the SQLite file and the embedded chain's state, so a restart keeps both.
var dataDirectory = Path.GetFullPath(builder.Configuration["Data:Directory"] ?? "data", builder.Environment.ContentRootPath);
Directory.CreateDirectory(dataDirectory);
var connectionString = builder.Configuration.GetConnectionString("Default")
    ?? $"Data Source={Path.Combine(dataDirectory, "openchat.db")}";

builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddWallet(builder.Configuration, new WalletPaths(builder.Environment.ContentRootPath, dataDirectory),
    db => db.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable(WalletDb.MigrationsTable)));
builder.Services.AddHealthChecks()
    .AddDbContextCheck<WalletDb>("database")
    .AddCheck<ChainHealthCheck>("chain");

var app = builder.Build();

await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<WalletDb>().Database.MigrateAsync();
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthEndpoint();

app.Run();

/// <summary>The host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
