package io.dbflip.kill;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;

/** What a kill works on: the side's config and an open admin connection to it. */
public record KillContext(ClusterConfig cluster, SideConfig side, Server server) {
}
