from thidua.orgs import import_urls, registry_urls

app_name = "orgs"
# Two modules so that the registry pages and the XLSX import can grow independently.
urlpatterns = registry_urls.urlpatterns + import_urls.urlpatterns
