using Postmortems.Core.Storage;
using Postmortems.Web.Components;
using Postmortems.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.AddApplicationServices();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

try
{
    app.Run();
}
catch (DataDirectoryInUseException e)
{
    // The store is opened before the server listens: say why in one line, and exit, rather than serve error pages.
    app.Logger.LogCritical("Cannot start: {Reason}", e.Message);
    return 1;
}
return 0;

public partial class Program;
