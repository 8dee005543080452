using Postmortems.Web.Api;
using Postmortems.Web.Auth;
using Postmortems.Web.Components;
using Postmortems.Web.Extensions;
using Postmortems.Web.Health;
using Postmortems.Web.Security;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.AddApplicationServices();
builder.AddPostmortemsAuth();

var app = builder.Build();

app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStoreDamageDetection();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

// Stylesheets and scripts are not knowledge: the sign-in page needs them before anyone is signed in.
app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();
app.MapPostmortemsApi();
app.MapAccountEndpoints();
app.MapHealthEndpoints();

// Opened here, before the server listens, so a data directory held by another process stops the app with one
// clear line and exit code 1. (StoreStartup opens it too, before the server starts, whoever starts the host.)
if (!app.TryOpenStore())
{
    await app.DisposeAsync(); // flushes the console log before the process ends
    return 1;
}

await app.RunAsync();
return 0;

public partial class Program;
