package io.dbflip.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.time.Duration;

/**
 * Builds the S3 clients dbflip uses. With an endpoint (S3Proxy, MinIO, …) the client uses
 * path-style addressing and sends checksums only when an operation requires them: S3Proxy 2.6
 * answers NotImplemented to the {@code x-amz-checksum-algorithm} header the SDK adds by default.
 */
public final class S3Clients {
    private S3Clients() {
    }

    /** Credentials from the SDK's default provider chain (env, profile, instance role, …). */
    public static S3Client create(URI endpoint, String region) {
        return create(endpoint, region, DefaultCredentialsProvider.builder().build());
    }

    public static S3Client create(URI endpoint, String region, AwsCredentialsProvider credentials) {
        var b = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(120)))
                .credentialsProvider(credentials)
                .region(region(region, endpoint != null));
        if (endpoint != null) {
            b.endpointOverride(endpoint)
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    /** The given region, else the SDK's region chain, else us-east-1 when a custom endpoint makes it moot. */
    static Region region(String region, boolean customEndpoint) {
        if (region != null && !region.isBlank()) {
            return Region.of(region);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (RuntimeException e) {
            if (customEndpoint) {
                return Region.US_EAST_1;
            }
            throw io.dbflip.DbflipException.usage("no AWS region: set AWS_REGION (or a profile's region)");
        }
    }
}
