package io.dbflip.fence;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;

/** What a fence works on: the side's config and an open admin connection to it. */
public record FenceContext(ClusterConfig cluster, SideConfig side, Server server) {
}
