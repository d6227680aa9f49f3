package com.aybiza.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An API key's {@code ip_whitelist}: addresses and CIDR blocks (IPv4 and IPv6). Empty allows every address. Entries
 * are parsed as literals only: InetAddress is reached only for text that cannot be a host name, so no DNS lookup
 * ever happens. An entry that does not parse allows nothing.
 */
public final class IpAllowList {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final List<Block> blocks;
    private final int entries;

    private IpAllowList(List<Block> blocks, int entries) {
        this.blocks = blocks;
        this.entries = entries;
    }

    public static IpAllowList parse(JsonNode json) {
        List<Block> blocks = new ArrayList<>();
        int entries = 0;
        if (json != null && json.isArray()) {
            for (JsonNode entry : json) {
                // An unreadable entry still counts as an entry: the list is not empty, so it cannot open everything.
                entries++;
                Block block = Block.parse(entry.asText());
                if (block != null) {
                    blocks.add(block);
                }
            }
        }
        return new IpAllowList(List.copyOf(blocks), entries);
    }

    public boolean allows(String address) {
        if (entries == 0) {
            return true;
        }
        byte[] bytes = literal(address);
        if (bytes == null) {
            return false;
        }
        return blocks.stream().anyMatch(b -> b.contains(bytes));
    }

    static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        String t = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) {
            return null;
        }
        try {
            byte[] bytes = InetAddress.getByName(t).getAddress();
            // An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address; Java already returns 4 bytes for it.
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Block(byte[] network, int prefix) {

        static Block parse(String text) {
            String[] parts = text.trim().split("/", 2);
            byte[] network = literal(parts[0]);
            if (network == null) {
                return null;
            }
            int prefix = network.length * 8;
            if (parts.length == 2) {
                try {
                    prefix = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    return null;
                }
                if (prefix < 0 || prefix > network.length * 8) {
                    return null;
                }
            }
            return new Block(network, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int bits = network.length * 8;
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                            .shiftRight(bits - prefix).shiftLeft(bits - prefix);
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
        }
    }
}
