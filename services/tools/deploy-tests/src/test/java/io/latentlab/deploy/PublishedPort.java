package io.latentlab.deploy;

import java.util.List;

/**
 * A port a compose service publishes on the Docker host, as {@code docker-compose config} renders it: the long
 * form ({@code host_ip}, {@code published}, {@code target}) or, when a host address is given, the short string
 * {@code [host_ip:]published:target[/protocol]}. A null host address means every interface.
 */
record PublishedPort(String hostIp, String published, int target) {

    static List<PublishedPort> of(Object composeService) {
        return Yaml.list(composeService, "ports").stream().map(PublishedPort::parse).toList();
    }

    static PublishedPort parse(Object port) {
        if (port instanceof String spec) {
            String[] parts = spec.replaceFirst("/(tcp|udp)$", "").split(":");
            return switch (parts.length) {
                case 1 -> new PublishedPort(null, null, Integer.parseInt(parts[0]));
                case 2 -> new PublishedPort(null, parts[0], Integer.parseInt(parts[1]));
                case 3 -> new PublishedPort(parts[0], parts[1], Integer.parseInt(parts[2]));
                default -> throw new IllegalArgumentException("not a compose port: " + spec);
            };
        }
        return new PublishedPort(Yaml.string(port, "host_ip"), Yaml.string(port, "published"),
                Integer.parseInt(Yaml.string(port, "target")));
    }
}
