package dev.xent.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.context.annotation.Import;

/**
 * What a {@code @WebMvcTest} of the scoring controller needs beyond the MVC slice: the
 * API wiring (converters, body limit) and the metrics it records to.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Import({ ApiConfiguration.class, ScoringService.class, ScoringMetrics.class, SimpleMeterRegistry.class })
@interface WebSliceImports {

}
