/* SPDX-License-Identifier: MIT */
/* clang_lazy.c - libclang, loaded the first time the check needs it. */
#include <clang-c/Index.h>
#include <dlfcn.h>
#include <stdbool.h>
#include <stdlib.h>

/*
 * Loading libclang, and the LLVM beneath it, costs a process tens of
 * milliseconds of relocations and constructors before main: every osdk
 * command paid them, a no-op build several times over, though only the
 * framekernel check uses the library. osdk is therefore not linked with
 * it. Each libclang function osdk calls is defined here, forwarding to the
 * library, which is opened on the first call. A new libclang call needs
 * its line in the table below; without it the link fails.
 */
#ifndef OSDK_LIBCLANG
#error "OSDK_LIBCLANG must name libclang's shared object (CMakeLists.txt)"
#endif

static void *clang_lazy_lib;
static bool clang_lazy_tried;

/* The library's function `name`, or NULL when it could not be opened. */
static void *clang_lazy_sym(const char *name)
{
	if (!clang_lazy_tried) {
		clang_lazy_tried = true;
		clang_lazy_lib = dlopen(OSDK_LIBCLANG, RTLD_NOW | RTLD_LOCAL);
	}
	return clang_lazy_lib ? dlsym(clang_lazy_lib, name) : NULL;
}

/* Every call but clang_createIndex comes after an index was made, so
 * after the library was found: a missing function is a broken install. */
static void *clang_lazy_need(const char *name)
{
	void *fn = clang_lazy_sym(name);

	if (!fn)
		abort();
	return fn;
}

/* The one call that may find no library: check_new() reports it. */
CXIndex clang_createIndex(int a0, int a1)
{
	__typeof__(clang_createIndex) *fn;

	fn = (__typeof__(clang_createIndex) *)clang_lazy_sym(
		"clang_createIndex");
	return fn ? fn(a0, a1) : NULL;
}

#define LAZY(ret, name, params, args)                                    \
	ret name params                                                  \
	{                                                                \
		static __typeof__(name) *fn;                             \
		if (!fn)                                                 \
			fn = (__typeof__(name) *)clang_lazy_need(#name); \
		return fn args;                                          \
	}

#define LAZY_VOID(name, params, args)                                    \
	void name params                                                 \
	{                                                                \
		static __typeof__(name) *fn;                             \
		if (!fn)                                                 \
			fn = (__typeof__(name) *)clang_lazy_need(#name); \
		fn args;                                                 \
	}

/* clang-format off */
LAZY(CXEvalResult, clang_Cursor_Evaluate, (CXCursor a0), (a0))
LAZY(CXCursor, clang_Cursor_getArgument, (CXCursor a0, unsigned a1), (a0, a1))
LAZY(int, clang_Cursor_getNumArguments, (CXCursor a0), (a0))
LAZY(enum CX_StorageClass, clang_Cursor_getStorageClass, (CXCursor a0), (a0))
LAZY(unsigned, clang_Cursor_isAnonymous, (CXCursor a0), (a0))
LAZY(unsigned, clang_Cursor_isMacroBuiltin, (CXCursor a0), (a0))
LAZY(int, clang_Cursor_isNull, (CXCursor a0), (a0))
LAZY_VOID(clang_EvalResult_dispose, (CXEvalResult a0), (a0))
LAZY(long long, clang_EvalResult_getAsLongLong, (CXEvalResult a0), (a0))
LAZY(CXEvalResultKind, clang_EvalResult_getKind, (CXEvalResult a0), (a0))
LAZY(int, clang_File_isEqual, (CXFile a0, CXFile a1), (a0, a1))
LAZY(int, clang_Location_isFromMainFile, (CXSourceLocation a0), (a0))
LAZY(CXType, clang_Type_getModifiedType, (CXType a0), (a0))
LAZY(CXType, clang_Type_getNamedType, (CXType a0), (a0))
LAZY(unsigned, clang_Type_visitFields, (CXType a0, CXFieldVisitor a1, CXClientData a2), (a0, a1, a2))
LAZY_VOID(clang_disposeDiagnostic, (CXDiagnostic a0), (a0))
LAZY_VOID(clang_disposeIndex, (CXIndex a0), (a0))
LAZY_VOID(clang_disposeString, (CXString a0), (a0))
LAZY_VOID(clang_disposeTokens, (CXTranslationUnit a0, CXToken *a1, unsigned a2), (a0, a1, a2))
LAZY_VOID(clang_disposeTranslationUnit, (CXTranslationUnit a0), (a0))
LAZY(unsigned, clang_equalCursors, (CXCursor a0, CXCursor a1), (a0, a1))
LAZY(unsigned, clang_equalTypes, (CXType a0, CXType a1), (a0, a1))
LAZY(CXType, clang_getArgType, (CXType a0, unsigned a1), (a0, a1))
LAZY(CXType, clang_getArrayElementType, (CXType a0), (a0))
LAZY(long long, clang_getArraySize, (CXType a0), (a0))
LAZY(const char *, clang_getCString, (CXString a0), (a0))
LAZY(CXCursor, clang_getCanonicalCursor, (CXCursor a0), (a0))
LAZY(CXType, clang_getCanonicalType, (CXType a0), (a0))
LAZY(CXCursor, clang_getCursorDefinition, (CXCursor a0), (a0))
LAZY(CXSourceRange, clang_getCursorExtent, (CXCursor a0), (a0))
LAZY(enum CXCursorKind, clang_getCursorKind, (CXCursor a0), (a0))
LAZY(enum CXLinkageKind, clang_getCursorLinkage, (CXCursor a0), (a0))
LAZY(CXSourceLocation, clang_getCursorLocation, (CXCursor a0), (a0))
LAZY(CXCursor, clang_getCursorReferenced, (CXCursor a0), (a0))
LAZY(CXType, clang_getCursorResultType, (CXCursor a0), (a0))
LAZY(CXCursor, clang_getCursorSemanticParent, (CXCursor a0), (a0))
LAZY(CXString, clang_getCursorSpelling, (CXCursor a0), (a0))
LAZY(CXType, clang_getCursorType, (CXCursor a0), (a0))
LAZY(CXString, clang_getCursorUSR, (CXCursor a0), (a0))
LAZY(CXDiagnostic, clang_getDiagnostic, (CXTranslationUnit a0, unsigned a1), (a0, a1))
LAZY(CXSourceLocation, clang_getDiagnosticLocation, (CXDiagnostic a0), (a0))
LAZY(enum CXDiagnosticSeverity, clang_getDiagnosticSeverity, (CXDiagnostic a0), (a0))
LAZY(CXString, clang_getDiagnosticSpelling, (CXDiagnostic a0), (a0))
LAZY(const char *, clang_getFileContents, (CXTranslationUnit a0, CXFile a1, size_t *a2), (a0, a1, a2))
LAZY_VOID(clang_getFileLocation, (CXSourceLocation a0, CXFile *a1, unsigned *a2, unsigned *a3, unsigned *a4), (a0, a1, a2, a3, a4))
LAZY(CXString, clang_getFileName, (CXFile a0), (a0))
LAZY_VOID(clang_getInclusions, (CXTranslationUnit a0, CXInclusionVisitor a1, CXClientData a2), (a0, a1, a2))
LAZY(CXFile, clang_getIncludedFile, (CXCursor a0), (a0))
LAZY(CXCursor, clang_getNullCursor, (void), ())
LAZY(int, clang_getNumArgTypes, (CXType a0), (a0))
LAZY(unsigned, clang_getNumDiagnostics, (CXTranslationUnit a0), (a0))
LAZY(CXType, clang_getPointeeType, (CXType a0), (a0))
LAZY(CXSourceRange, clang_getRange, (CXSourceLocation a0, CXSourceLocation a1), (a0, a1))
LAZY(CXSourceLocation, clang_getRangeEnd, (CXSourceRange a0), (a0))
LAZY(CXSourceLocation, clang_getRangeStart, (CXSourceRange a0), (a0))
LAZY(CXType, clang_getResultType, (CXType a0), (a0))
LAZY(CXSourceLocation, clang_getTokenLocation, (CXTranslationUnit a0, CXToken a1), (a0, a1))
LAZY(CXString, clang_getTokenSpelling, (CXTranslationUnit a0, CXToken a1), (a0, a1))
LAZY(CXCursor, clang_getTranslationUnitCursor, (CXTranslationUnit a0), (a0))
LAZY(CXCursor, clang_getTypeDeclaration, (CXType a0), (a0))
LAZY(CXString, clang_getTypeSpelling, (CXType a0), (a0))
LAZY(CXType, clang_getTypedefDeclUnderlyingType, (CXCursor a0), (a0))
LAZY(unsigned, clang_isAttribute, (enum CXCursorKind a0), (a0))
LAZY(unsigned, clang_isConstQualifiedType, (CXType a0), (a0))
LAZY(unsigned, clang_isCursorDefinition, (CXCursor a0), (a0))
LAZY(unsigned, clang_isExpression, (enum CXCursorKind a0), (a0))
LAZY(unsigned, clang_isPreprocessing, (enum CXCursorKind a0), (a0))
LAZY(unsigned, clang_isVolatileQualifiedType, (CXType a0), (a0))
LAZY(enum CXErrorCode, clang_parseTranslationUnit2, (CXIndex a0, const char *a1, const char *const *a2, int a3, struct CXUnsavedFile *a4, unsigned a5, unsigned a6, CXTranslationUnit *a7), (a0, a1, a2, a3, a4, a5, a6, a7))
LAZY_VOID(clang_tokenize, (CXTranslationUnit a0, CXSourceRange a1, CXToken **a2, unsigned *a3), (a0, a1, a2, a3))
LAZY(unsigned, clang_visitChildren, (CXCursor a0, CXCursorVisitor a1, CXClientData a2), (a0, a1, a2))
/* clang-format on */
