/* SPDX-License-Identifier: MIT */
/* A circular doubly linked list threaded through the objects it links. */
#ifndef LIB_LIST_H
#define LIB_LIST_H

#include <frame/compiler.h>
#include <frame/types.h>

/*
 * A list head and the nodes in it are the same type: an empty list is a
 * head that points at itself. Nodes are embedded in the objects and turned
 * back into them with container_of().
 */
struct list_node {
	struct list_node *prev, *next;
};

#define LIST_INIT(name)          \
	{                        \
		&(name), &(name) \
	}

static inline void list_init(struct list_node *head)
{
	head->prev = head;
	head->next = head;
}

static inline bool list_empty(const struct list_node *head)
{
	return head->next == head;
}

/* Insert @n right after @head (at the front). */
static inline void list_add(struct list_node *head, struct list_node *n)
{
	n->prev = head;
	n->next = head->next;
	head->next->prev = n;
	head->next = n;
}

/* Insert @n right before @head (at the back). */
static inline void list_add_tail(struct list_node *head, struct list_node *n)
{
	list_add(head->prev, n);
}

/* Unlink @n; it may then be added to any list again. */
static inline void list_del(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->prev = n;
	n->next = n;
}

/* The first node, or NULL when the list is empty. */
static inline struct list_node *list_first(const struct list_node *head)
{
	return list_empty(head) ? NULL : head->next;
}

#endif /* LIB_LIST_H */
