# report_exporter: the binary carries the default rules and the seed reports, so the image
# serves the seeds as it is. Mount reports and pass their folder as an argument to serve others;
# /reports holds a copy of the seeds, which a volume mounted there starts with.
FROM golang:1.26.8 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/report_exporter ./cmd/report_exporter \
    && mkdir -p /out/history

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/report_exporter /bin/report_exporter
# A folder the non-root user may write, for `backfill --output` into a volume mounted here.
COPY --from=build --chown=65532:65532 /out/history /var/lib/report_exporter
COPY --from=build /src/seeds /reports
EXPOSE 9864
USER 65532:65532
ENTRYPOINT ["/bin/report_exporter"]
CMD ["serve"]
