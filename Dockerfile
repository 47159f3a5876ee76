# Build: docker build -t odatagw .
# Run the demo:  docker run --rm -p 8080:8080 odatagw
# Run a config:  docker run --rm -p 8080:8080 -v $PWD/gw.yaml:/etc/odatagw.yaml -e ODATAGW_CONFIG=/etc/odatagw.yaml odatagw
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Pure Go (the SQLite driver needs no cgo): a static binary.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/odatagw ./cmd/odatagw

# distroless/static: no shell, no package manager, CA certificates and a
# writable /tmp (the demo database is generated there at start-up).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/odatagw /usr/local/bin/odatagw
USER nonroot:nonroot
ENV ODATAGW_LISTEN=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/odatagw"]
