package io.dbflip.cli;

import io.dbflip.aws.S3Clients;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/** {@code --endpoint} and {@code --region}: the S3 that {@code backup} writes a backup to and {@code restore} reads it from. */
public final class S3Options {
    @Option(names = "--endpoint", paramLabel = "URL", description = "An S3-compatible endpoint (S3Proxy, MinIO); path-style addressing.")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the SDK's region chain).")
    String region;

    S3Client client() {
        return S3Clients.create(endpoint, region);
    }
}
