package io.dbflip.fence;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4/IPv6 CIDR membership, for checking security-group ingress rules. */
final class Cidr {
    private Cidr() {
    }

    static boolean contains(String cidr, String address) {
        try {
            String[] parts = cidr.split("/");
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            byte[] addr = InetAddress.getByName(address).getAddress();
            if (net.length != addr.length) {
                return false;
            }
            int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : net.length * 8;
            for (int i = 0; i < net.length; i++) {
                int take = Math.max(0, Math.min(8, bits - i * 8));
                int mask = take == 0 ? 0 : (0xFF << (8 - take)) & 0xFF;
                if ((net[i] & mask) != (addr[i] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
