package dev.xent.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.ForwardedHeaderFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Honours {@code Forwarded} and {@code X-Forwarded-*} headers (host, port, scheme,
 * prefix) only when the connection comes from a trusted proxy, such as the gateway; from
 * any other caller they are removed, so a direct caller cannot make the service advertise
 * another host or prefix (in the OpenAPI document's {@code servers}, in links). Spring's
 * {@link ForwardedHeaderFilter} does the work in both cases.
 */
final class TrustedProxiesFilter extends OncePerRequestFilter {

	private final List<Cidr> trusted;

	private final ForwardedHeaderFilter apply = new ForwardedHeaderFilter();

	private final ForwardedHeaderFilter remove = new ForwardedHeaderFilter();

	/**
	 * @param trusted the proxies' addresses, as CIDR blocks ({@code 10.0.0.0/8},
	 * {@code ::1/128}) or single addresses
	 */
	TrustedProxiesFilter(List<String> trusted) {
		this.trusted = trusted.stream().map(Cidr::parse).toList();
		this.remove.setRemoveOnly(true);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		(isTrusted(request.getRemoteAddr()) ? this.apply : this.remove).doFilter(request, response, chain);
	}

	boolean isTrusted(String address) {
		InetAddress remote;
		try {
			remote = InetAddress.getByName(address);
		}
		catch (UnknownHostException | SecurityException ex) {
			return false;
		}
		return this.trusted.stream().anyMatch((cidr) -> cidr.contains(remote));
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/** An address block. */
	record Cidr(byte[] network, int bits) {

		static Cidr parse(String text) {
			String[] parts = text.trim().split("/", 2);
			byte[] address;
			try {
				// A literal address only: getByName does not look a literal up.
				if (!parts[0].matches("[0-9a-fA-F:.]+")) {
					throw new IllegalArgumentException("not an IP address: " + parts[0]);
				}
				address = InetAddress.getByName(parts[0]).getAddress();
			}
			catch (UnknownHostException ex) {
				throw new IllegalArgumentException("not an IP address: " + parts[0], ex);
			}
			int bits = (parts.length > 1) ? Integer.parseInt(parts[1]) : address.length * 8;
			if (bits < 0 || bits > address.length * 8) {
				throw new IllegalArgumentException("not a prefix length for " + parts[0] + ": " + bits);
			}
			return new Cidr(address, bits);
		}

		boolean contains(InetAddress candidate) {
			byte[] address = candidate.getAddress();
			if (address.length != this.network.length) {
				return false;
			}
			int full = this.bits / 8;
			for (int i = 0; i < full; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.bits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (address[full] & mask) == (this.network[full] & mask);
		}

	}

}
