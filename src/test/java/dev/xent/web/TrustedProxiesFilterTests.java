package dev.xent.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Forwarded headers count only from trusted proxies: the request the application sees.
 */
class TrustedProxiesFilterTests {

	private final TrustedProxiesFilter filter = new TrustedProxiesFilter(
			List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"));

	private HttpServletRequest seen(String remote) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v3/api-docs");
		request.setRemoteAddr(remote);
		request.setServerName("xent.internal");
		request.setServerPort(8080);
		request.addHeader("X-Forwarded-Host", "evil.example");
		request.addHeader("X-Forwarded-Proto", "https");
		request.addHeader("X-Forwarded-Prefix", "/xent");
		request.addHeader("Forwarded", "host=evil.example;proto=https");
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(request, new MockHttpServletResponse(), chain);
		return (HttpServletRequest) chain.getRequest();
	}

	@Test
	void aTrustedProxysHeadersAreApplied() throws Exception {
		for (String proxy : List.of("127.0.0.1", "10.1.2.3", "172.31.255.1", "192.168.0.9", "::1", "fd00::1")) {
			HttpServletRequest request = seen(proxy);
			assertThat(request.getServerName()).as(proxy).isEqualTo("evil.example");
			assertThat(request.getScheme()).as(proxy).isEqualTo("https");
			assertThat(request.getRequestURI()).as(proxy).isEqualTo("/xent/v3/api-docs");
		}
	}

	@Test
	void anyOtherCallersHeadersAreRemoved() throws Exception {
		for (String caller : List.of("203.0.113.7", "172.32.0.1", "11.0.0.1", "2001:db8::1")) {
			HttpServletRequest request = seen(caller);
			assertThat(request.getServerName()).as(caller).isEqualTo("xent.internal");
			assertThat(request.getScheme()).as(caller).isEqualTo("http");
			assertThat(request.getRequestURI()).as(caller).isEqualTo("/v3/api-docs");
			assertThat(request.getHeader("X-Forwarded-Host")).as(caller).isNull();
			assertThat(request.getHeader("Forwarded")).as(caller).isNull();
		}
	}

	@Test
	void blocksAreParsedStrictly() {
		assertThat(TrustedProxiesFilter.Cidr.parse("10.0.0.0/8").contains(address("10.255.0.1"))).isTrue();
		assertThat(TrustedProxiesFilter.Cidr.parse("10.0.0.0/9").contains(address("10.128.0.1"))).isFalse();
		assertThat(TrustedProxiesFilter.Cidr.parse("192.0.2.1").contains(address("192.0.2.1"))).isTrue();
		assertThat(TrustedProxiesFilter.Cidr.parse("192.0.2.1").contains(address("192.0.2.2"))).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxiesFilter.Cidr.parse("gateway.local/8"));
		assertThatIllegalArgumentException().isThrownBy(() -> TrustedProxiesFilter.Cidr.parse("10.0.0.0/33"));
	}

	private static java.net.InetAddress address(String literal) {
		try {
			return java.net.InetAddress.getByName(literal);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
