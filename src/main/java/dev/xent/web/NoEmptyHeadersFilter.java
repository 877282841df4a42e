package dev.xent.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Drops headers with an empty value from the answers to OPTIONS: Spring MVC adds an empty
 * {@code Accept-Patch} where no handler takes PATCH, which says nothing and trips strict
 * clients.
 */
final class NoEmptyHeadersFilter extends OncePerRequestFilter {

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"OPTIONS".equals(request.getMethod());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new HttpServletResponseWrapper(response) {

			@Override
			public void setHeader(String name, String value) {
				if (value != null && !value.isBlank()) {
					super.setHeader(name, value);
				}
			}

			@Override
			public void addHeader(String name, String value) {
				if (value != null && !value.isBlank()) {
					super.addHeader(name, value);
				}
			}

		});
	}

}
