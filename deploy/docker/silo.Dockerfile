# Silo image: the runtime, the order domain, the HTTP API and the dashboard in one process.
# Build from the repository root:  docker build -f deploy/docker/silo.Dockerfile -t ordergrains/silo .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish silo/OrderGrains.Silo.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# HTTP (API, dashboard, health) and silo-to-silo/client calls. Bind to all interfaces inside the container; the
# address other silos use is configured per container (see deploy/README.md).
# A 64 MB gen0 budget per GC heap: see DOTNET_GCgen0size in deploy/README.md.
ENV ORDERGRAINS__HTTP__URLS=http://0.0.0.0:8080 \
    DOTNET_gcServer=1 \
    DOTNET_GCgen0size=0x4000000
EXPOSE 8080 11111
USER app
ENTRYPOINT ["dotnet", "OrderGrains.Silo.dll"]
