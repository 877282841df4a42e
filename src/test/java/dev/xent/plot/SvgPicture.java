package dev.xent.plot;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SVG answer read back with the JDK's XML parser (a DOCTYPE refused, so nothing is
 * fetched): its title, its texts, and its data items, the groups whose
 * {@code jfreesvg:ref} holds an item's numbers, with the shapes drawn inside them.
 */
public final class SvgPicture {

	static final String SVG = "http://www.w3.org/2000/svg";

	static final String JFREESVG = "http://www.jfree.org/jfreesvg/svg";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Element root;

	private SvgPicture(Element root) {
		this.root = root;
	}

	/** Parses a picture; fails on anything that is not well-formed SVG. */
	public static SvgPicture parse(byte[] svg) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			DocumentBuilder builder = factory.newDocumentBuilder();
			Document document = builder.parse(new ByteArrayInputStream(svg));
			Element root = document.getDocumentElement();
			if (!SVG.equals(root.getNamespaceURI()) || !"svg".equals(root.getLocalName())) {
				throw new AssertionError("not an SVG document: " + root.getTagName());
			}
			return new SvgPicture(root);
		}
		catch (Exception ex) {
			throw new AssertionError("the picture is not well-formed SVG: " + ex.getMessage(), ex);
		}
	}

	public String attribute(String name) {
		return this.root.getAttribute(name);
	}

	/** The picture's title: its accessible name, the chart's title. */
	public String title() {
		NodeList titles = this.root.getElementsByTagNameNS(SVG, "title");
		return (titles.getLength() > 0) ? titles.item(0).getTextContent() : null;
	}

	/** Every text drawn (title, subtitle, axis labels, ticks, legend, marker labels). */
	public List<String> texts() {
		List<String> texts = new ArrayList<>();
		NodeList nodes = this.root.getElementsByTagNameNS(SVG, "text");
		for (int i = 0; i < nodes.getLength(); i++) {
			texts.add(nodes.item(i).getTextContent());
		}
		return texts;
	}

	/** Whether an element of this name appears anywhere (script, foreignObject, ...). */
	public boolean has(String localName) {
		return this.root.getElementsByTagNameNS("*", localName).getLength() > 0;
	}

	/** Every data item, in drawing order. */
	public List<Item> items() {
		List<Item> items = new ArrayList<>();
		NodeList groups = this.root.getElementsByTagNameNS(SVG, "g");
		for (int i = 0; i < groups.getLength(); i++) {
			Element group = (Element) groups.item(i);
			String ref = group.getAttributeNS(JFREESVG, "ref");
			if (ref.startsWith("{")) {
				items.add(new Item(JSON.readTree(ref), group));
			}
		}
		return items;
	}

	/** The data items of one series, in drawing order. */
	public List<Item> items(String series) {
		return items().stream().filter((item) -> series.equals(item.series())).toList();
	}

	/** A drawn data item: its numbers, its title, and the shapes in its group. */
	public record Item(JsonNode data, Element group) {

		public String series() {
			return this.data.get("seriesKey").asString();
		}

		public String title() {
			Element title = first("title");
			return (title != null) ? title.getTextContent() : null;
		}

		/** The first rectangle drawn in the item's group: x, y, width, height. */
		public double[] rect() {
			Element rect = first("rect");
			if (rect == null) {
				return null;
			}
			return new double[] { number(rect, "x"), number(rect, "y"), number(rect, "width"), number(rect, "height") };
		}

		/** The points of the first path drawn in the item's group (M and L commands). */
		public List<double[]> path() {
			Element path = first("path");
			List<double[]> points = new ArrayList<>();
			if (path == null) {
				return points;
			}
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("[ML]\\s*(-?[0-9.]+)[ ,](-?[0-9.]+)")
				.matcher(path.getAttribute("d"));
			while (m.find()) {
				points.add(new double[] { Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)) });
			}
			return points;
		}

		private Element first(String localName) {
			NodeList nodes = this.group.getElementsByTagNameNS(SVG, localName);
			return (nodes.getLength() > 0) ? (Element) nodes.item(0) : null;
		}

		private static double number(Element element, String attribute) {
			return Double.parseDouble(element.getAttribute(attribute));
		}

	}

}
