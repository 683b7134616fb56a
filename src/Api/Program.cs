using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api;
using OpenChat.Chain.Api.Health;
using OpenChat.Chain.Api.Pipeline;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Users;
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
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddOpenApi();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.Assemblies = [typeof(RegisterUser)];
    options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
});
builder.Services.AddWallet(builder.Configuration, new WalletPaths(builder.Environment.ContentRootPath, dataDirectory),
    db => db.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable(WalletDb.MigrationsTable)));
builder.Services.AddMessaging(
    db => db.UseSqlite(connectionString, sqlite => sqlite.MigrationsHistoryTable(MessagingDb.MigrationsTable)));
builder.Services.AddAuthentication();
builder.Services.AddAuthorization();
builder.Services.AddHealthChecks()
    .AddDbContextCheck<WalletDb>("database")
    .AddCheck<ChainHealthCheck>("chain");

var app = builder.Build();

await using (var scope = app.Services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<WalletDb>().Database.MigrateAsync();
    await scope.ServiceProvider.GetRequiredService<MessagingDb>().Database.MigrateAsync();
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapHealthEndpoint();

app.Run();

/// <summary>The host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
