package io.dbflip.aws;

import io.dbflip.DbflipException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an AWS SDK failure into one clear dbflip error: missing credentials are a config problem (exit 2). */
public final class AwsErrors {
    private AwsErrors() {
    }

    public static DbflipException wrap(String what, SdkException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Unable to load credentials") || m.contains("Unable to load region")) {
            return DbflipException.usage(what + ": no AWS credentials or region found; set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or an instance role) and AWS_REGION");
        }
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            return DbflipException.failed(what + ": " + s.awsErrorDetails().errorCode() + ": "
                    + s.awsErrorDetails().errorMessage(), e);
        }
        return DbflipException.failed(what + ": " + m, e);
    }
}
