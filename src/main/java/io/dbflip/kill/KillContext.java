package io.dbflip.kill;

import io.dbflip.config.ClusterConfig;
import io.dbflip.config.SideConfig;
import io.dbflip.mysql.Server;

import java.util.Set;

/**
 * What a kill works on: the side's config, an open admin connection to it, and the connection ids
 * that are dbflip's own on that server (never ended).
 */
public record KillContext(ClusterConfig cluster, SideConfig side, Server server, Set<Long> ownConnectionIds) {
}
