/**
 * The Jakarta Messaging message selector language (Jakarta Messaging 3.1, section 3.8.1.1): compile with
 * {@link io.tributary.core.selector.Selector#parse(String)}, evaluate with
 * {@link io.tributary.core.selector.Selector#matches(Filterable)} against a
 * {@link io.tributary.core.selector.Filterable}; {@link io.tributary.core.selector.MessageFilterable}
 * adapts a canonical AMQP message.
 *
 * <p>Where the specification leaves room, this implementation decides:
 * <ul>
 *   <li>null, empty or blank text is "no selector": it compiles to a selector that matches everything.</li>
 *   <li>Errors are {@code BrokerException} INVALID_SELECTOR: {@code selector "<text>": <problem> at position
 *       <1-based column>; <what was expected>}. Types that the text alone decides are checked at compile
 *       time: arithmetic on strings or conditions, a non-condition where a condition is needed, ordering
 *       ({@code < <= > >=}) of string or boolean literals, {@code =} or {@code <>} between a literal or
 *       expression of one type and one of another ({@code TRUE = 0}, {@code 'a' = 1},
 *       {@code (a > 1) = 'x'}: the text alone shows that unlike types are compared, so it is a bad
 *       selector, as the compatibility tests expect), BETWEEN on strings or conditions, LIKE/IN on a
 *       numeric expression or a condition, a pattern or IN list that is not string literals, an escape
 *       that is not exactly one character or that precedes
 *       anything but {@code %}, {@code _} or itself.</li>
 *   <li>Exact literals are long (decimal, 0x hex, 0b binary, 0 octal, optional L); approximate literals are
 *       double, or float with an F suffix. Arithmetic follows Java numeric promotion, so two int properties
 *       multiply as int. Exact division by zero is NULL; floating division by zero is an infinity or NaN.</li>
 *   <li>NULL operands make comparisons, arithmetic, BETWEEN, IN and LIKE UNKNOWN; AND, OR and NOT use SQL
 *       three-valued logic; only TRUE matches. Comparing unlike types at run time (a string property with a
 *       number, say) is FALSE, as the specification says; ordering two strings or two booleans read from the
 *       message is UNKNOWN;
 *       IN and LIKE on a value that is not a string are UNKNOWN; a non-boolean used as a condition is
 *       UNKNOWN.</li>
 *   <li>JMSDestination, JMSReplyTo, JMSExpiration, JMSRedelivered and JMSDeliveryTime, which a selector may
 *       not use, are always NULL. {@code NULL} is not a value: only {@code IS [NOT] NULL} tests it.</li>
 *   <li>Parentheses, NOT and signs nest at most 100 deep and the compiled tree is at most 400 deep, so hostile
 *       input fails cleanly; AND and OR chains of any length are flat.</li>
 * </ul>
 */
package io.tributary.core.selector;
