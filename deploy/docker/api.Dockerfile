# API-tier image: the HTTP API attached to a cluster as a client (no grains run here).
# Build from the repository root:  docker build -f deploy/docker/api.Dockerfile -t ordergrains/api .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish client-api/Host/OrderGrains.ClientApi.Host.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ORDERGRAINS__HTTP__URLS=http://0.0.0.0:8080
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "OrderGrains.ClientApi.Host.dll"]
