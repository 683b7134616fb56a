using Microsoft.EntityFrameworkCore;
using OpenChat.Chain.Api;
using System.Text.Json.Serialization;
using OpenChat.Chain.Api.Auth;
using OpenChat.Chain.Api.Health;
using OpenChat.Chain.Api.Messaging;
using OpenChat.Chain.Api.Governance;
using OpenChat.Chain.Api.Payments;
using OpenChat.Chain.Governance;
using OpenChat.Chain.Api.Pipeline;
using OpenChat.Chain.Api.Realtime;
using OpenChat.Chain.Api.Storage;
using OpenChat.Chain.Api.Users;
using OpenChat.Chain.Api.Wallet;
using OpenChat.Chain.Messaging;
using OpenChat.Chain.Messaging.Realtime;
using OpenChat.Chain.Messaging.Users;
using OpenChat.Chain.Payments;
using OpenChat.Chain.Payments.Transfers;
using OpenChat.Chain.ScaleOut.Redis;
using OpenChat.Chain.Wallet;
using OpenChat.Chain.Wallet.Chain;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// The data folder holds the SQLite file and the embedded chain's state, so a restart keeps both.
var dataDirectory = Path.GetFullPath(builder.Configuration["Data:Directory"] ?? "data", builder.Environment.ContentRootPath);
var database = new DatabaseSetup(builder.Configuration, dataDirectory);
DataFolder.Create(dataDirectory, Path.Combine(dataDirectory, "media"), database.File);

// People read the console: one line per entry with its time by default; log collectors and the benches ask for JSON
// with Logging:Console:FormatterName=json (environment: Logging__Console__FormatterName=json).
// Without a FormatterName the console logger copies its own (obsolete) options over the formatter's: name "simple".
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.FormatterName ??= "simple");
builder.Services.Configure<Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>(o => (o.SingleLine, o.TimestampFormat) = (true, o.TimestampFormat ?? "HH:mm:ss "));
builder.Services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
builder.Services.AddBadRequestProblems();
builder.Services.AddOpenApi(OpenChat.Chain.Api.OpenApi.OpenApiDocumentation.Configure);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.Assemblies = [typeof(RegisterUser), typeof(OpenChat.Chain.Wallet.Sending.SendTransfer), typeof(OpenChat.Chain.Governance.GovernanceDb),
        typeof(SendInChat)];
    options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(ValidationBehavior<,>)];
});
builder.Services.AddWallet(builder.Configuration, new WalletPaths(builder.Environment.ContentRootPath, dataDirectory), database.Wallet);
builder.Services.AddMessaging(new MessagingOptions(Path.Combine(dataDirectory, "media"),
    SharedWriters: builder.Configuration.GetValue<bool>("Messaging:SharedWriters")), database.Messaging);
builder.Services.AddPayments(database.Payments);
builder.Services.AddOwnerProofs();
builder.Services.AddPerUserRateLimits();
builder.Services.AddGovernance(database.Governance);
builder.Services.AddScoped<OpenChat.Chain.Governance.Chat.IGovernanceChat, GovernanceChat>();
// One HubChatEvents: the pushes of one instance, and this instance's devices for RedisChatEvents when Redis replaces them.
builder.Services.AddSingleton<HubChatEvents>();
builder.Services.AddSingleton<IChatEvents>(sp => sp.GetRequiredService<HubChatEvents>());
builder.Services.AddSingleton<ILocalDevices>(sp => sp.GetRequiredService<HubChatEvents>());
// ConnectionStrings:Redis: several instances share it (backplane, presence, pushes, instance signals); without it, one.
if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis) builder.Services.AddRedisScaleOut(redis, builder.Configuration["Redis:ChannelPrefix"]);
builder.Services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
    .AddMessagePackProtocol();
builder.Services.AddSingleton<SendRateLimit>();
builder.Services.AddChatHubPipeline();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddAuthentication();
builder.Services.AddSessionAuthentication(builder.Configuration, database.Identity);
builder.Services.AddAuthorization();
builder.Services.AddRateLimiter(limits =>
{
    limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    // Per user, shared with the hub's send methods (SendRateLimit).
    limits.AddPolicy(MessageEndpoints.SendPolicy, http => http.RequestServices.GetRequiredService<SendRateLimit>().PartitionFor(http));
});
builder.Services.AddHealthChecks()
    .AddDbContextCheck<WalletDb>("database")
    .AddCheck<ChainHealthCheck>("chain");

var app = builder.Build();

await database.MigrateAsync(app.Services, CancellationToken.None);

app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodyChecks();
app.UseWebClientFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.MapOpenApi();
app.MapScalarApiReference(OpenChat.Chain.Api.OpenApi.OpenApiDocumentation.ConfigureScalar);
app.MapHealthEndpoint();
app.MapPasskeyEndpoints();
app.MapSiweEndpoints();
app.MapSessionEndpoints();
app.MapUserEndpoints();
app.MapChatEndpoints();
app.MapMessageEndpoints();
app.MapKeyPackageEndpoints();
app.MapSyncEndpoints();
app.MapMediaEndpoints();
app.MapWalletEndpoints();
app.MapPaymentEndpoints();
app.MapAddressBookEndpoints();
app.MapMoneyRuleEndpoints();
app.MapEnvelopeVerifyEndpoints();
app.MapRewardEndpoints();
app.MapGovernanceEndpoints();
OpenChat.Chain.Api.Circles.CircleEndpoints.MapCircleEndpoints(app);
app.MapHub<ChatHub>(ChatHub.Path);
app.MapWebClientFallback();

app.Run();

/// <summary>The host's entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
