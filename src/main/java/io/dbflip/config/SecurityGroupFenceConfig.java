package io.dbflip.config;

import java.util.List;

/**
 * The security-group fence of an RDS/Aurora side: the cluster's normal group list, and the
 * restricted list that admits only the host running dbflip and the replication path.
 */
public record SecurityGroupFenceConfig(String clusterIdentifier, String region, String endpoint,
                                       List<String> normalGroups, List<String> restrictedGroups) {
}
