/**
 * Pictures: charts of a request's results and of the losses themselves, drawn by
 * JFreeChart and written as SVG (JFreeSVG) or PNG. No Spring, no HTTP: the web layer
 * picks the answer type and hands over what the scoring pass produced.
 * <p>
 * Every chart is drawn from bins, never from samples, so its cost does not grow with the
 * request: {@link dev.xent.plot.LossHistogramChart} from a
 * {@link dev.xent.loss.LossHistogram}, {@link dev.xent.plot.ReliabilityChart} from the
 * calibration summary's bins, {@link dev.xent.plot.GroupChart} from the groups summary's
 * moments. {@link dev.xent.plot.Curves} draws the loss against the predicted probability
 * by running the service's own kernels on a grid, so each curve is what the endpoints
 * compute. {@link dev.xent.plot.Plot} names the request option; {@link ChartStyle} holds
 * the one look of every chart (600 × 400, titles, axis labels with units, legend,
 * Okabe–Ito colours); {@link dev.xent.plot.ChartImage} writes SVG and PNG. In the SVG
 * every drawn data item (a bar, a curve) is a group whose {@code jfreesvg:ref} attribute
 * holds its numbers as JSON and whose {@code <title>} says them in words, so that a
 * reader, a screen reader or a test can find the data in the picture.
 */
package dev.xent.plot;
